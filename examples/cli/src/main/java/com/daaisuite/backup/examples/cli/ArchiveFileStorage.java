package com.daaisuite.backup.examples.cli;

import com.daaisuite.backup.core.SnapshotLabel;
import com.daaisuite.backup.core.SnapshotName;
import com.daaisuite.backup.core.SnapshotNotFoundException;
import com.daaisuite.backup.core.StorageException;
import com.daaisuite.backup.core.spi.StorageBackend;
import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.core.spi.StorageObject;
import com.daaisuite.backup.core.spi.StorageUpload;
import com.daaisuite.backup.crypto.Dbk1;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;

/**
 * Lets {@code verify --archive} and {@code restore --archive} work on a loose archive file through
 * the library's own catalog and restore path (the same checks, the same safety backup) instead
 * of a second, CLI-only implementation.
 *
 * <p>The file appears, read-only, as one snapshot in the tenant's folder: under the name in its DBK1
 * header when it is bound to one (version 2), else under its own name when that is already a
 * snapshot name, otherwise as {@code manual_<file's modification time>} with the extension its
 * magic bytes call for. Everything else (the pre-restore safety backup) goes to the
 * delegate; without one, uploads are refused. The file itself is never deleted or changed.
 */
final class ArchiveFileStorage implements StorageBackend {

    private final StorageBackend delegate;
    private final String tenantId;
    private final Path archive;
    private final String exposedName;

    private ArchiveFileStorage(StorageBackend delegate, String tenantId, Path archive, String exposedName) {
        this.delegate = delegate;
        this.tenantId = tenantId;
        this.archive = archive;
        this.exposedName = exposedName;
    }

    /**
     * @param delegate where new objects go (the safety backup), or null for read-only use
     * @param tenantId the tenant the archive is presented under
     * @param archive the file
     * @return the backend
     * @throws IOException if the file cannot be read
     */
    static ArchiveFileStorage of(StorageBackend delegate, String tenantId, Path archive) throws IOException {
        if (!Files.isRegularFile(archive)) {
            throw new NoSuchFileException(archive.toString());
        }
        return new ArchiveFileStorage(delegate, tenantId, archive, exposedName(archive));
    }

    String exposedName() {
        return exposedName;
    }

    static String exposedName(Path archive) throws IOException {
        byte[] p = new byte[4];
        int n;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(archive))) {
            n = in.readNBytes(p, 0, p.length);
        }
        if (Dbk1.hasMagic(p, n)) {
            // A loose file has no stored name: an archive bound to the name it was written as (DBK1 version 2)
            // is presented under that name, which its authenticated header must then match.
            try (InputStream in = new BufferedInputStream(Files.newInputStream(archive))) {
                java.util.Optional<String> bound = Dbk1.readHeader(in).archiveName();
                if (bound.isPresent() && SnapshotName.parse(bound.get()).isPresent()) {
                    return bound.get();
                }
            } catch (RuntimeException e) {
                // A header that does not parse is reported precisely by the checks that read it next.
            }
        }
        String own = archive.getFileName().toString();
        if (SnapshotName.parse(own).isPresent()) {
            return own;
        }
        Instant mtime = Files.getLastModifiedTime(archive).toInstant();
        return SnapshotName.of(SnapshotLabel.MANUAL, mtime, Dbk1.hasMagic(p, n)).fileName();
    }

    private boolean isArchive(StorageKey key) {
        return key.tenantId().equals(tenantId) && key.fileName().equals(exposedName);
    }

    @Override
    public StorageUpload openUpload(StorageKey key) throws IOException {
        if (delegate == null) {
            throw new StorageException("Nothing may be written while checking the archive " + archive
                    + " (" + key + "); this is a read-only view.");
        }
        return delegate.openUpload(key);
    }

    @Override
    public InputStream openRead(StorageKey key) throws IOException {
        if (isArchive(key)) {
            return Files.newInputStream(archive);
        }
        if (delegate == null) {
            throw new SnapshotNotFoundException("There is no object " + key + " beside the archive " + archive + ".");
        }
        return delegate.openRead(key);
    }

    @Override
    public List<StorageObject> list(String tenant) throws IOException {
        List<StorageObject> all = new ArrayList<>();
        if (delegate != null) {
            for (StorageObject o : delegate.list(tenant)) {
                if (!isArchive(o.key())) {
                    all.add(o);
                }
            }
        }
        if (tenant.equals(tenantId)) {
            all.add(new StorageObject(StorageKey.of(tenantId, exposedName), Files.size(archive),
                    Files.getLastModifiedTime(archive).toInstant()));
        }
        return all;
    }

    @Override
    public void delete(Collection<StorageKey> keys) throws IOException {
        // Retention may run after the safety backup: the operator's file is never its to delete.
        List<StorageKey> rest = keys.stream().filter(k -> !isArchive(k)).toList();
        if (delegate != null && !rest.isEmpty()) {
            delegate.delete(rest);
        }
    }

    @Override
    public OptionalLong freeSpace(String tenant) throws IOException {
        return delegate == null ? OptionalLong.empty() : delegate.freeSpace(tenant);
    }

    @Override
    public String describe() {
        return "archive file " + archive + (delegate == null ? "" : " (safety backups in " + delegate.describe() + ")");
    }

    @Override
    public void close() {
        Session.closeQuietly(delegate);
    }
}
