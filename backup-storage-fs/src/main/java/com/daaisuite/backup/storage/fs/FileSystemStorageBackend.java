package com.daaisuite.backup.storage.fs;

import com.daaisuite.backup.ConfigurationException;
import com.daaisuite.backup.core.InvalidNameException;
import com.daaisuite.backup.core.SnapshotNotFoundException;
import com.daaisuite.backup.core.StorageException;
import com.daaisuite.backup.core.spi.StorageBackend;
import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.core.spi.StorageObject;
import com.daaisuite.backup.core.spi.StorageUpload;
import com.daaisuite.backup.storage.fs.internal.FileUpload;
import com.daaisuite.backup.storage.fs.internal.Folders;
import com.daaisuite.backup.storage.fs.internal.FaultHook;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link StorageBackend} on a directory of a local or network-mounted filesystem.
 *
 * <p>Objects live at {@code <root>/<tenant>/db-backups/<file>}; folders are created on the first
 * upload. Names are validated by {@link StorageKey}; in addition, a tenant's folder (or its
 * {@code db-backups} folder) that is a symbolic link leading outside the root, or into another
 * tenant's folder, is refused, and a file that is a symbolic link is never read or listed.
 *
 * <p>An upload writes a hidden temporary file {@code .<file>.<random>.partial} in the same folder,
 * which commit fsyncs, publishes create-only (a hard link, so an existing object is never
 * replaced; see {@code FileUpload} for the fallback on filesystems without hard links), and makes
 * durable by fsyncing the folder. Abort, or any failure, deletes the temporary file. Temporary
 * files left by a crashed process are never listed; each upload removes those in its folder whose
 * last write is older than {@link Builder#staleUploadAge(Duration)} (one hour by default) — younger
 * ones may be uploads still running on another server sharing the folder. {@link #removeStaleUploads(String)}
 * does the same on demand.
 *
 * <p>Published files are readable by their owner only (on POSIX filesystems). Thread-safe; several
 * processes may share one root.
 *
 * <pre>{@code
 * StorageBackend storage = FileSystemStorageBackend.at(Path.of("/var/lib/daai/backups"));
 * }</pre>
 */
public final class FileSystemStorageBackend implements StorageBackend {

    /** How old a temporary file must be before it counts as the leftover of a crashed upload. */
    public static final Duration DEFAULT_STALE_UPLOAD_AGE = Duration.ofHours(1);

    private static final Logger LOG = LoggerFactory.getLogger(FileSystemStorageBackend.class);
    private static final int READ_BUFFER = 64 * 1024;

    private final Folders folders;
    private final String description;
    private final Duration staleUploadAge;
    private final FaultHook faultHook;
    private final AtomicBoolean hardLinks;

    private FileSystemStorageBackend(Builder b, Path realRoot) {
        this.description = realRoot.toUri().toString();
        this.folders = new Folders(realRoot, description);
        this.staleUploadAge = b.staleUploadAge;
        this.faultHook = b.faultHook;
        this.hardLinks = new AtomicBoolean(b.hardLinks);
    }

    /**
     * A backend with default settings.
     *
     * @param root an existing, writable directory
     * @return the backend
     * @throws ConfigurationException if the root does not exist, is not a directory or is not writable
     */
    public static FileSystemStorageBackend at(Path root) {
        return builder(root).build();
    }

    /**
     * @param root an existing, writable directory
     * @return a builder with default settings
     */
    public static Builder builder(Path root) {
        return new Builder(Objects.requireNonNull(root, "root"), DEFAULT_STALE_UPLOAD_AGE, FaultHook.NONE, true);
    }

    /** @return the root directory, as its real path */
    public Path root() {
        return folders.root();
    }

    @Override
    public StorageUpload openUpload(StorageKey key) throws IOException {
        Objects.requireNonNull(key, "key");
        Path folder;
        try {
            folder = folders.folder(key.tenantId(), true);
        } catch (IOException e) {
            throw new StorageException("Could not create the folder " + StorageKey.folderOf(key.tenantId()) + " in "
                    + description + " for " + key.fileName() + ": " + e + ". Check that the root is writable by user "
                    + System.getProperty("user.name") + ".", e);
        }
        try {
            Folders.removeStaleTemps(folder, staleUploadAge);
        } catch (IOException e) {
            // Cleanup is housekeeping; it must not stop a backup.
            LOG.warn("Could not clean up leftovers of interrupted uploads in {}: {}", folder, e.toString());
        }
        try {
            return new FileUpload(key, folder, faultHook, hardLinks, description);
        } catch (IOException e) {
            throw new StorageException("Could not start writing " + key + " in " + description + ": " + e
                    + ". Check that " + folder + " is writable and has free space.", e);
        }
    }

    @Override
    public InputStream openRead(StorageKey key) throws IOException {
        Objects.requireNonNull(key, "key");
        Path folder = folders.folder(key.tenantId(), false);
        if (folder == null) {
            throw notFound(key, null);
        }
        Path file = folder.resolve(key.fileName());
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw notFound(key, e);
        }
        if (a.isSymbolicLink()) {
            throw new StorageException("Refused to read " + key + " in " + description
                    + ": it is a symbolic link, and backups are only read from regular files. Remove the link.");
        }
        if (!a.isRegularFile()) {
            throw new StorageException("Cannot read " + key + " in " + description
                    + ": it is not a regular file. Move it out of the tenant's db-backups folder.");
        }
        try {
            // NOFOLLOW_LINKS again: the name could be swapped for a link after the check above.
            return new BufferedInputStream(Files.newInputStream(file, StandardOpenOption.READ,
                    LinkOption.NOFOLLOW_LINKS), READ_BUFFER);
        } catch (NoSuchFileException e) {
            throw notFound(key, e);
        }
    }

    private SnapshotNotFoundException notFound(StorageKey key, Exception cause) {
        return new SnapshotNotFoundException("No snapshot " + key + " in " + description
                + "; list the tenant's snapshots to see the names that exist.", cause);
    }

    @Override
    public List<StorageObject> list(String tenantId) throws IOException {
        Path folder = folders.folder(tenantId, false);
        List<StorageObject> out = new ArrayList<>();
        if (folder == null) {
            return out;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (name.startsWith(".")) {
                    continue; // temporary files, the publish lock, anything hidden
                }
                StorageKey key;
                try {
                    key = StorageKey.of(tenantId, name);
                } catch (InvalidNameException foreign) {
                    LOG.debug("Ignoring {}: not a name this library writes", p);
                    continue;
                }
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    if (a.isRegularFile()) {
                        out.add(new StorageObject(key, a.size(), a.lastModifiedTime().toInstant()));
                    }
                } catch (NoSuchFileException deleted) {
                    // Deleted while listing.
                }
            }
        } catch (NoSuchFileException deleted) {
            return out;
        }
        return out;
    }

    @Override
    public void delete(Collection<StorageKey> keys) throws IOException {
        Set<Path> touched = new LinkedHashSet<>();
        List<Exception> failures = new ArrayList<>();
        for (StorageKey key : keys) {
            try {
                Path folder = folders.folder(key.tenantId(), false);
                if (folder != null && Files.deleteIfExists(folder.resolve(key.fileName()))) {
                    touched.add(folder);
                }
            } catch (IOException | StorageException e) {
                failures.add(e);
            }
        }
        touched.forEach(Folders::syncDirectory);
        if (!failures.isEmpty()) {
            StorageException e = new StorageException("Could not delete " + failures.size() + " of " + keys.size()
                    + " objects in " + description + "; first: " + failures.get(0).getMessage()
                    + ". Check the permissions of the tenant folders.", failures.get(0));
            failures.stream().skip(1).forEach(e::addSuppressed);
            throw e;
        }
    }

    @Override
    public OptionalLong freeSpace(String tenantId) throws IOException {
        Path folder = folders.folder(tenantId, false);
        Path where = folder != null ? folder : folders.root();
        return OptionalLong.of(Files.getFileStore(where).getUsableSpace());
    }

    /**
     * Deletes a tenant's temporary files older than the stale-upload age: leftovers of uploads
     * interrupted by a crash. Each upload already does this for its folder.
     *
     * @param tenantId the tenant
     * @return how many files were deleted
     * @throws IOException if the folder cannot be read
     */
    public int removeStaleUploads(String tenantId) throws IOException {
        Path folder = folders.folder(tenantId, false);
        return folder == null ? 0 : Folders.removeStaleTemps(folder, staleUploadAge);
    }

    /** @return {@code file:} and the root's absolute path, such as {@code file:///var/lib/daai/backups/} */
    /** A restore reads the archive file twice (proof, then load) instead of spooling a copy. */
    @Override
    public boolean cheapToReadTwice() {
        return true;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public String toString() {
        return "FileSystemStorageBackend[" + description + "]";
    }

    /**
     * Settings for a {@link FileSystemStorageBackend}. Immutable: every setter returns a new builder,
     * so a builder can be shared and specialised safely.
     */
    public static final class Builder {
        private final Path root;
        private final Duration staleUploadAge;
        private final FaultHook faultHook;
        private final boolean hardLinks;

        private Builder(Path root, Duration staleUploadAge, FaultHook faultHook, boolean hardLinks) {
            this.root = root;
            this.staleUploadAge = staleUploadAge;
            this.faultHook = faultHook;
            this.hardLinks = hardLinks;
        }

        /**
         * How long after its last write a temporary file counts as the leftover of a crashed upload
         * and may be deleted. Must exceed the longest pause an upload in progress can make, on any
         * server sharing the root, or that upload would be destroyed.
         *
         * @param age at least one minute; {@link #DEFAULT_STALE_UPLOAD_AGE} by default
         * @return a new builder
         */
        public Builder staleUploadAge(Duration age) {
            Objects.requireNonNull(age, "staleUploadAge");
            if (age.compareTo(Duration.ofMinutes(1)) < 0) {
                throw new ConfigurationException("staleUploadAge must be at least one minute, was " + age
                        + ": a shorter age could delete uploads that are still running.");
            }
            return new Builder(root, age, faultHook, hardLinks);
        }

        /** Test hook: makes writes or hard links fail, to simulate a full disk or a filesystem without links. */
        Builder faultHook(FaultHook hook) {
            return new Builder(root, staleUploadAge, Objects.requireNonNull(hook, "hook"), hardLinks);
        }

        /** Test hook: false forces the locked-rename publication used where hard links are refused. */
        Builder hardLinks(boolean use) {
            return new Builder(root, staleUploadAge, faultHook, use);
        }

        /**
         * Checks the root and builds the backend.
         *
         * @return the backend
         * @throws ConfigurationException if the root does not exist, is not a directory or is not writable
         */
        public FileSystemStorageBackend build() {
            Path abs = root.toAbsolutePath().normalize();
            if (!Files.exists(abs)) {
                throw new ConfigurationException("The storage root " + abs + " does not exist. Create it (writable"
                        + " by the user running the application) or point the storage at an existing directory.");
            }
            if (!Files.isDirectory(abs)) {
                throw new ConfigurationException("The storage root " + abs + " is not a directory. Point the storage"
                        + " at a directory.");
            }
            if (!Files.isWritable(abs)) {
                throw new ConfigurationException("The storage root " + abs + " is not writable by user "
                        + System.getProperty("user.name") + ". Fix its permissions or choose another directory.");
            }
            try {
                return new FileSystemStorageBackend(this, abs.toRealPath());
            } catch (IOException e) {
                throw new ConfigurationException("The storage root " + abs + " cannot be resolved: " + e
                        + ". Check that it exists and is accessible.", e);
            }
        }
    }
}
