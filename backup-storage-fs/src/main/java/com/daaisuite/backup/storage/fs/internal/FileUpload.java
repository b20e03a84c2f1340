package com.daaisuite.backup.storage.fs.internal;

import com.daaisuite.backup.core.ObjectExistsException;
import com.daaisuite.backup.core.StorageException;
import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.core.spi.StorageObject;
import com.daaisuite.backup.core.spi.StorageUpload;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One upload: bytes go through a fixed buffer into a hidden temporary file, which commit fsyncs and
 * publishes create-only.
 *
 * <p>Publishing prefers a hard link ({@code link(2)} fails if the name exists, atomically, even
 * between processes and over NFS) followed by removing the temporary name. Filesystems without hard
 * links (some FUSE and SMB mounts, FAT) fall back to checking that the name is absent and renaming
 * with {@code ATOMIC_MOVE}, under a lock held in this JVM and an advisory {@code FileLock} on a hidden
 * {@code .publish.lock} in the folder. That fallback is create-only only among writers that take the
 * same lock: a process that does not (another tool, or a mount whose locks are not shared) could
 * create the name between the check and the rename, and the rename would replace it.
 */
public final class FileUpload extends StorageUpload {

    private static final Logger LOG = LoggerFactory.getLogger(FileUpload.class);
    private static final int BUFFER = 128 * 1024;
    private static final Map<Path, Object> FALLBACK_LOCKS = new ConcurrentHashMap<>();
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private final StorageKey key;
    private final Path folder;
    private final Path temp;
    private final Path target;
    private final FaultHook hook;
    private final AtomicBoolean hardLinks;
    private final String where;
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER);
    private long written;
    private boolean finished;
    private boolean committed;

    /**
     * Creates the temporary file.
     *
     * @param key the object's key
     * @param folder the real path of the tenant's folder
     * @param hook called before every write
     * @param hardLinks whether to try hard links; cleared (for the whole backend) when the filesystem refuses them
     * @param where the backend's description, for messages
     * @throws IOException if the temporary file cannot be created
     */
    public FileUpload(StorageKey key, Path folder, FaultHook hook, AtomicBoolean hardLinks, String where)
            throws IOException {
        this.key = key;
        this.folder = folder;
        this.temp = folder.resolve(Folders.newTempName(key.fileName()));
        this.target = folder.resolve(key.fileName());
        this.hook = hook;
        this.hardLinks = hardLinks;
        this.where = where;
        Set<StandardOpenOption> options = EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        // Archives are readable by their owner only; the published name is a link to the same inode.
        this.channel = folder.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? FileChannel.open(temp, options, PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                : FileChannel.open(temp, options);
    }

    @Override
    public void write(int b) throws IOException {
        ensureOpen();
        if (!buffer.hasRemaining()) {
            drain();
        }
        buffer.put((byte) b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        ensureOpen();
        while (len > 0) {
            if (!buffer.hasRemaining()) {
                drain();
            }
            int n = Math.min(len, buffer.remaining());
            buffer.put(b, off, n);
            off += n;
            len -= n;
        }
    }

    private void ensureOpen() throws IOException {
        if (finished) {
            throw new IOException("The upload of " + key + " to " + where
                    + " is already committed, aborted or failed; open a new upload.");
        }
    }

    /** Writes the buffer to the file; on failure discards the upload and says why. */
    private void drain() {
        buffer.flip();
        try {
            while (buffer.hasRemaining()) {
                hook.beforeWrite(temp, written, buffer.remaining());
                written += channel.write(buffer);
            }
            buffer.clear();
        } catch (IOException e) {
            discard();
            throw new StorageException("Could not write " + key + " to " + where + " after " + written + " bytes: "
                    + e.getMessage() + ". Nothing was published and the temporary file was removed; check free"
                    + " space and permissions of " + folder + ", then retry.", e);
        }
    }

    @Override
    public StorageObject commit() throws IOException {
        ensureOpen();
        drain();
        try {
            channel.force(true);
            channel.close();
        } catch (IOException e) {
            discard();
            throw new StorageException("Could not flush " + key + " to disk in " + where + ": " + e.getMessage()
                    + ". Nothing was published; check the disk and free space of " + folder + ", then retry.", e);
        }
        try {
            publish();
        } catch (ObjectExistsException e) {
            discard();
            throw e;
        } catch (IOException | RuntimeException e) {
            discard();
            throw new StorageException("Could not publish " + key + " in " + where + ": " + e
                    + ". Nothing was published; check permissions of " + folder + ", then retry.", e);
        }
        finished = true;
        committed = true;
        Folders.syncDirectory(folder);
        BasicFileAttributes a = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        return new StorageObject(key, a.size(), a.lastModifiedTime().toInstant());
    }

    private void publish() throws IOException {
        if (hardLinks.get()) {
            try {
                hook.beforeLink(target, temp);
                Files.createLink(target, temp);
                deleteTemp();
                return;
            } catch (FileAlreadyExistsException e) {
                throw exists(e);
            } catch (UnsupportedOperationException e) {
                disableHardLinks(e.toString());
            } catch (FileSystemException e) {
                // Subclasses (access denied, no such file) are real failures; the bare class carries
                // errno texts such as "Operation not permitted" or "Operation not supported".
                if (e.getClass() != FileSystemException.class) {
                    throw e;
                }
                disableHardLinks(e.getMessage());
            }
        }
        synchronized (FALLBACK_LOCKS.computeIfAbsent(folder, f -> new Object())) {
            try (FileChannel lockFile = FileChannel.open(folder.resolve(".publish.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                // Released when the channel closes. The JVM lock above is needed too: a second
                // FileLock on one file from the same JVM throws instead of waiting.
                lockFile.lock();
                if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                    throw exists(null);
                }
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            }
        }
    }

    private void disableHardLinks(String why) {
        if (hardLinks.compareAndSet(true, false)) {
            LOG.warn("The filesystem of {} refuses hard links ({}); publishing with a locked rename instead,"
                    + " which is create-only only among writers using this library.", folder, why);
        }
    }

    private ObjectExistsException exists(Exception cause) {
        return new ObjectExistsException("An object " + key + " already exists in " + where
                + "; nothing was overwritten and this upload was discarded. Choose another name.", cause);
    }

    private void deleteTemp() {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            // A hidden leftover is harmless: never listed, removed by a later upload's cleanup.
            LOG.warn("Could not remove the temporary file {}: {}", temp, e.toString());
        }
    }

    private void discard() {
        finished = true;
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("Closing {} failed: {}", temp, e.toString());
        }
        deleteTemp();
    }

    @Override
    public void abort() {
        if (!finished) {
            discard();
        }
    }

    @Override
    public void close() {
        abort();
    }

    @Override
    public String toString() {
        return "upload of " + key + " to " + where + (committed ? " (committed)" : finished ? " (discarded)" : "");
    }
}
