package com.daaisuite.backup.core.internal;

import com.daaisuite.backup.core.StorageException;
import com.daaisuite.backup.core.spi.DatabaseSource;
import com.daaisuite.backup.core.spi.DumpSummary;
import com.daaisuite.backup.core.spi.StorageBackend;
import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.crypto.spi.KeyProvider;
import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Proves a whole archive restorable before a restore changes anything: reads it end to end, streaming,
 * through every layer exactly as the load will (every DBK1 segment's tag and the final segment, every
 * gzip member and trailer, the payload's structure, every namespace's CRC and document count, no bytes
 * after the end), holding no documents. A tampered, truncated or corrupt archive fails here with an
 * {@link com.daaisuite.backup.IntegrityException}, before the safety backup and before the first write
 * into the database.
 *
 * <p>The load then needs the same bytes again. Where the storage says a second read is cheap (a
 * filesystem) it reads the object again; elsewhere (S3) the proof copies the archive bytes as read,
 * still DBK1-encrypted, into an owner-only temporary file, and the load reads that: one download,
 * and nothing plaintext on local disk. The load authenticates again in any case, so bytes that changed
 * between the two reads still fail before the swap.
 */
public final class ArchiveProof implements AutoCloseable {
    private final StorageBackend storage;
    private final StorageKey key;
    private final Path spool;
    private final DumpSummary payload;
    private final long archiveBytes;

    private ArchiveProof(StorageBackend storage, StorageKey key, Path spool, DumpSummary payload, long archiveBytes) {
        this.storage = storage;
        this.key = key;
        this.spool = spool;
        this.payload = payload;
        this.archiveBytes = archiveBytes;
    }

    /**
     * Reads and checks the whole archive.
     *
     * @param storage where it is
     * @param key which object
     * @param keys the key provider (DBK1)
     * @param tenantId the tenant it must belong to
     * @param source the source, which parses its payload
     * @return the proof; close it to remove the spool file
     * @throws IOException if reading fails
     * @throws com.daaisuite.backup.IntegrityException if the archive is tampered, truncated, corrupt, of
     *     another tenant or made with an unknown key
     */
    public static ArchiveProof prove(StorageBackend storage, StorageKey key, KeyProvider keys, String tenantId,
            DatabaseSource source) throws IOException {
        Path spool = storage.cheapToReadTwice() ? null : createSpool();
        boolean ok = false;
        try (InputStream raw = storage.openRead(key);
                OutputStream copy = spool == null ? OutputStream.nullOutputStream()
                        : new BufferedOutputStream(Files.newOutputStream(spool, StandardOpenOption.WRITE), 1 << 16)) {
            Tee tee = new Tee(raw, copy);
            // The content must agree with the name (a .gz.enc that is not DBK1 is tampering), as for the load.
            ArchiveFormat.Opened o = ArchiveFormat.openNamed(tee, keys, tenantId, source, key);
            DumpSummary summary;
            // Authentication and inflation on one core, parsing and checksums on the other.
            try (InputStream payload = ReadAhead.of(o.payload(), "daai-backup-proof")) {
                summary = source.inspectPayload(payload);
                // The payload parser stops at its trailer: reading on makes DBK1 check its final segment and
                // gzip its last trailer, and refuses bytes after them.
                ArchiveFormat.drain(payload);
            }
            ArchiveFormat.drain(tee);
            copy.flush();
            ok = true;
            return new ArchiveProof(storage, key, spool, summary, tee.count);
        } finally {
            if (!ok && spool != null) {
                Files.deleteIfExists(spool);
            }
        }
    }

    private static Path createSpool() throws IOException {
        try {
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                return Files.createTempFile("daai-restore-", ".dbk1",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Path p = Files.createTempFile("daai-restore-", ".dbk1");
            p.toFile().setReadable(false, false);
            p.toFile().setReadable(true, true);
            return p;
        } catch (IOException e) {
            throw new StorageException("Could not create a temporary file to hold the archive while it is restored ("
                    + e.getMessage() + "). Nothing was restored or changed; check java.io.tmpdir has room for the archive.", e);
        }
    }

    /** @return what the payload holds, as parsed during the proof */
    public DumpSummary payload() {
        return payload;
    }

    /** @return the archive's size in bytes */
    public long archiveBytes() {
        return archiveBytes;
    }

    /** @return whether the archive was spooled to a local temporary file */
    public boolean spooled() {
        return spool != null;
    }

    /**
     * Opens the proven archive bytes again for the load: the spool file, or the object itself.
     *
     * @return the archive bytes; the caller closes the stream
     * @throws IOException if it cannot be opened
     */
    public InputStream reopen() throws IOException {
        return spool != null ? Files.newInputStream(spool) : storage.openRead(key);
    }

    /** Removes the spool file. */
    @Override
    public void close() {
        if (spool != null) {
            try {
                Files.deleteIfExists(spool);
            } catch (IOException e) {
                spool.toFile().deleteOnExit();
            }
        }
    }

    /** Copies every byte read into the spool and counts it. */
    private static final class Tee extends FilterInputStream {
        private final OutputStream copy;
        long count;

        Tee(InputStream in, OutputStream copy) {
            super(in);
            this.copy = copy;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                copy.write(b);
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                copy.write(b, off, n);
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long done = 0;
            while (done < n && read() >= 0) {
                done++;
            }
            return done;
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
