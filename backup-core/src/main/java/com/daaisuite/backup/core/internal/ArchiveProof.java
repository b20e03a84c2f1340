package com.daaisuite.backup.core.internal;

import com.daaisuite.backup.core.ArchiveChangedException;
import com.daaisuite.backup.core.StorageException;
import com.daaisuite.backup.core.spi.DatabaseSource;
import com.daaisuite.backup.core.spi.DumpSummary;
import com.daaisuite.backup.core.spi.SpoolLimit;
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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

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
 * and nothing plaintext on local disk. The spool is bounded by {@link SpoolLimit} (the temporary
 * folder's free disk less a reserve), checked while it is written.
 *
 * <p><b>The load is bound to the proven bytes.</b> The proof keeps the SHA-256 of every archive byte it
 * read; the load reads through {@link #reopen()}, which computes the same digest over what the load
 * actually read, and {@link Bound#requireSame()} compares the two before the swap. An object renamed
 * over or rewritten between the two reads (an older genuine archive of the same tenant, say) is then
 * an {@link ArchiveChangedException} with the live database untouched, instead of a restore of other
 * data than the one the preview, the proof and the audit named. Equal digests mean equal bytes, so
 * the per-namespace counts and CRCs the proof found are also the ones the load staged.
 */
public final class ArchiveProof implements AutoCloseable {
    private final StorageBackend storage;
    private final StorageKey key;
    private final Path spool;
    private final DumpSummary payload;
    private final long archiveBytes;
    private final byte[] sha256;

    private ArchiveProof(StorageBackend storage, StorageKey key, Path spool, DumpSummary payload, long archiveBytes,
            byte[] sha256) {
        this.storage = storage;
        this.key = key;
        this.spool = spool;
        this.payload = payload;
        this.archiveBytes = archiveBytes;
        this.sha256 = sha256;
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
                        : new BufferedOutputStream(SpoolLimit.guard(Files.newOutputStream(spool, StandardOpenOption.WRITE),
                                SpoolLimit.fromFreeSpace(spool.getParent()), limit -> new StorageException("The archive " + key
                                        + " is larger than the " + limit + " bytes the temporary folder " + spool.getParent()
                                        + " can hold while it is restored (its free disk less a reserve). Nothing was restored"
                                        + " or changed, and the partial copy was deleted; free disk space in java.io.tmpdir"
                                        + " or point it at a larger disk.")), 1 << 16)) {
            Digesting tee = new Digesting(raw, copy);
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
            return new ArchiveProof(storage, key, spool, summary, tee.count, tee.digest.digest());
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
     * Opens the proven archive bytes again for the load: the spool file, or the object itself, bound
     * to what the proof read (see {@link Bound#requireSame()}).
     *
     * @return the archive bytes; the caller closes the stream
     * @throws IOException if it cannot be opened
     */
    public Bound reopen() throws IOException {
        return new Bound(spool != null ? Files.newInputStream(spool) : storage.openRead(key));
    }

    /**
     * The archive as the load reads it: every byte goes into a SHA-256 that must equal the proof's.
     * Safe to check from another thread than the reader's once the reader has seen the end of the
     * payload (the load's read-ahead hands its data over through a queue).
     */
    public final class Bound extends Digesting {
        private SourceSide payload;
        private boolean checked;

        private Bound(InputStream in) {
            super(in, OutputStream.nullOutputStream());
        }

        /**
         * @param payload the payload stream the source will read (decrypted, inflated, read ahead)
         * @return the same, counting what the source takes
         */
        public InputStream watch(InputStream payload) {
            this.payload = new SourceSide(payload);
            return this.payload;
        }

        /**
         * Wraps the restore's {@code beforeSwap}: once a source that stages first has read the payload, the
         * rest of it is read here (a tar's padding may be left after the source's own end), which stops the
         * read-ahead, so the archive stream is this thread's alone; then the bytes are compared with the
         * proof's, then {@code beforeSwap} runs. A source on the SPI's default order calls it before it reads
         * anything: it is then checked by {@link #requireSameIfNotChecked()} after the load.
         *
         * @param beforeSwap the restore's own hook
         * @return the hook to give the source
         */
        public Runnable checkedBefore(Runnable beforeSwap) {
            return () -> {
                if (payload != null && payload.consumed > 0) {
                    try {
                        ArchiveFormat.drain(payload);
                        requireSame();
                    } catch (IOException x) {
                        throw new java.io.UncheckedIOException(x);
                    }
                }
                beforeSwap.run();
            };
        }

        /**
         * After the load: compares the bytes unless {@link #checkedBefore} already did.
         *
         * @throws ArchiveChangedException if the load read other bytes than the proof
         * @throws IOException if reading the rest fails
         */
        public void requireSameIfNotChecked() throws IOException {
            if (!checked) {
                requireSame();
            }
        }

        /**
         * Reads what is left (bytes after the payload's end, which the layers above refused or never
         * asked for, are counted as the proof counted them) and compares the whole with the proof.
         *
         * @throws ArchiveChangedException if the load read other bytes than the proof
         * @throws IOException if reading the rest fails
         */
        public void requireSame() throws IOException {
            checked = true;
            byte[] b = new byte[ArchiveFormat.BUFFER];
            while (read(b, 0, b.length) >= 0) {
                // counted and digested by read
            }
            if (count != archiveBytes || !MessageDigest.isEqual(digest.digest(), sha256)) {
                throw new ArchiveChangedException("The archive " + key + " changed in " + storage.describe()
                        + " while it was being restored: the load read " + count + " bytes that are not the "
                        + archiveBytes + " bytes the whole-archive check proved (their SHA-256 differs). Someone or"
                        + " something replaced or renamed the object during the restore. Nothing was swapped in: what was"
                        + " staged is dropped and the live database is as it was. Check who can write to the storage,"
                        + " then restore again.");
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
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

    /** Counts and digests every byte read, and copies it to {@code copy} (the spool, or nowhere). */
    static class Digesting extends FilterInputStream {
        private final OutputStream copy;
        final MessageDigest digest = sha256();
        long count;

        Digesting(InputStream in, OutputStream copy) {
            super(in);
            this.copy = copy;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                copy.write(b);
                digest.update((byte) b);
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                copy.write(b, off, n);
                digest.update(b, off, n);
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

    /** The payload as the source reads it: counts what the source took. */
    private static final class SourceSide extends FilterInputStream {
        long consumed;

        SourceSide(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                consumed++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                consumed += n;
            }
            return n;
        }
    }
}
