package com.daaisuite.backup.core.internal;

import com.daaisuite.backup.IntegrityException;
import com.daaisuite.backup.core.FormatMismatchException;
import com.daaisuite.backup.core.PayloadCorruptException;
import com.daaisuite.backup.core.spi.DatabaseSource;
import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.crypto.Dbk1;
import com.daaisuite.backup.crypto.spi.KeyProvider;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Opens an archive by its content, never its name: DBK1 magic, then gzip (1F 8B), then a raw payload
 * the source recognizes. Reverses dump -> gzip -> DBK1 into a stream of payload bytes.
 */
public final class ArchiveFormat {
    /** Buffer size for every layer of the read path. */
    public static final int BUFFER = 64 * 1024;
    /** Format name of DBK1 archives. */
    public static final String DBK1 = "DBK1";
    /** Format name of plaintext gzip archives. */
    public static final String GZIP = "gzip";
    private static final int PROBE = 16;

    private ArchiveFormat() {}

    /**
     * The layers found while opening an archive.
     *
     * @param outerFormat {@link #DBK1}, {@link #GZIP} or the source's payload format
     * @param encrypted whether the outer layer is DBK1
     * @param compressed whether a gzip layer was found
     * @param payload the payload bytes; reading it to the end authenticates the whole archive
     */
    public record Opened(String outerFormat, boolean encrypted, boolean compressed, InputStream payload) {}

    /**
     * @param prefix first bytes of a stream
     * @param length valid bytes
     * @return true for the gzip magic 1F 8B
     */
    public static boolean isGzip(byte[] prefix, int length) {
        return length >= 2 && (prefix[0] & 0xff) == 0x1f && (prefix[1] & 0xff) == 0x8b;
    }

    /**
     * Detects the outer format without decrypting (for inspect).
     *
     * @param in a buffered stream supporting mark; left at its start
     * @param source the database source, for raw payloads
     * @return the format name, or {@code unknown}
     * @throws IOException if reading fails
     */
    public static String detect(BufferedInputStream in, DatabaseSource source) throws IOException {
        byte[] p = new byte[PROBE];
        int n = peek(in, p);
        if (Dbk1.hasMagic(p, n)) {
            return DBK1;
        }
        if (isGzip(p, n)) {
            return GZIP;
        }
        if (source.recognizes(p, n)) {
            return source.payloadFormat();
        }
        return "unknown";
    }

    /**
     * Opens the payload inside an archive by its content alone (loose files, whose name says
     * nothing); stored snapshots go through {@link #openNamed}.
     *
     * @param archive the archive bytes (not closed here; the returned stream closes it)
     * @param keys where DBK1 keys are found
     * @param tenantId the tenant the archive must belong to
     * @param source the database source, for raw payloads
     * @param what the archive's name for messages, such as {@code acme/db-backups/manual_...}
     * @return the layers and the payload stream
     * @throws IOException if reading fails
     * @throws IntegrityException if the header is not acceptable (wrong tenant, unknown key, ...)
     * @throws PayloadCorruptException if the content is none of the known formats
     */
    public static Opened open(InputStream archive, KeyProvider keys, String tenantId, DatabaseSource source, String what)
            throws IOException {
        return open(archive, keys, tenantId, source, what, null);
    }

    /** As above; a DBK1 archive bound to its name (version 2) must name {@code storedName}, when one is given. */
    private static Opened open(InputStream archive, KeyProvider keys, String tenantId, DatabaseSource source, String what,
            String storedName) throws IOException {
        BufferedInputStream outer = archive instanceof BufferedInputStream b ? b : new BufferedInputStream(archive, BUFFER);
        byte[] p = new byte[PROBE];
        int n = peek(outer, p);
        if (Dbk1.hasMagic(p, n)) {
            InputStream dec = storedName == null ? Dbk1.decrypt(outer, keys, tenantId)
                    : Dbk1.decrypt(outer, keys, tenantId, storedName);
            Inner inner = inner(new BufferedInputStream(dec, BUFFER), source, what, true);
            return new Opened(DBK1, true, inner.compressed, inner.stream);
        }
        Inner inner = inner(outer, source, what, false);
        return new Opened(inner.compressed ? GZIP : source.payloadFormat(), false, inner.compressed, inner.stream);
    }

    /**
     * Opens the payload of a stored snapshot, checking that its content agrees with its name: the
     * format comes from the content, and a {@code .gz.enc} name must hold DBK1 (anything else is a
     * downgrade: plaintext planted where an encrypted archive was) while a {@code .gz} name must not.
     *
     * @param archive the archive bytes (not closed here; the returned stream closes it)
     * @param keys where DBK1 keys are found
     * @param tenantId the tenant the archive must belong to
     * @param source the database source, for raw payloads
     * @param key the snapshot's storage key; its file name says what the content must be
     * @return the layers and the payload stream
     * @throws IOException if reading fails
     * @throws FormatMismatchException if the content disagrees with the name
     * @throws IntegrityException if the header is not acceptable (wrong tenant, unknown key, ...)
     */
    public static Opened openNamed(InputStream archive, KeyProvider keys, String tenantId, DatabaseSource source,
            StorageKey key) throws IOException {
        BufferedInputStream outer = new BufferedInputStream(archive, BUFFER);
        byte[] p = new byte[PROBE];
        int n = peek(outer, p);
        boolean dbk1 = Dbk1.hasMagic(p, n);
        boolean namedEncrypted = key.fileName().endsWith(ENCRYPTED_SUFFIX);
        if (namedEncrypted && !dbk1) {
            throw new FormatMismatchException("The snapshot " + key.path() + " is named as encrypted (.gz.enc) but its"
                    + " content is not DBK1 (it starts with " + hex(p, n) + "): someone with write access to the storage"
                    + " replaced it, so it is never restored or trusted. Restore another snapshot and check who can write"
                    + " to the storage.");
        }
        if (!namedEncrypted && dbk1) {
            throw new FormatMismatchException("The snapshot " + key.path() + " is named as plaintext (.gz) but its content"
                    + " is DBK1; this library never writes that, so it was renamed. Nothing was restored; restore"
                    + " another snapshot.");
        }
        return open(outer, keys, tenantId, source, key.path(), key.fileName());
    }

    /** The name suffix of encrypted snapshots. */
    static final String ENCRYPTED_SUFFIX = ".gz.enc";

    private record Inner(boolean compressed, InputStream stream) {}

    private static Inner inner(BufferedInputStream in, DatabaseSource source, String what, boolean insideDbk1)
            throws IOException {
        byte[] p = new byte[PROBE];
        int n = peek(in, p);
        if (isGzip(p, n)) {
            GZIPInputStream gunzip;
            try {
                // The constructor reads the first member's header: a bad method byte or a cut header fails here.
                gunzip = new GZIPInputStream(new EofAwareInputStream(in), BUFFER);
            } catch (ZipException | EOFException e) {
                throw GunzipStream.corrupt(what, e);
            }
            return new Inner(true, new GunzipStream(gunzip, what));
        }
        if (source.recognizes(p, n)) {
            return new Inner(false, in);
        }
        throw new PayloadCorruptException("The archive " + what + " is not DBK1, gzip or a "
                + source.payloadFormat() + " payload" + (insideDbk1 ? " inside its DBK1 layer" : "")
                + " (its first bytes are " + hex(p, n) + "). It is not a backup this library can restore; "
                + "choose another snapshot.");
    }

    private static int peek(BufferedInputStream in, byte[] p) throws IOException {
        in.mark(p.length);
        int n = 0;
        while (n < p.length) {
            int r = in.read(p, n, p.length - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        in.reset();
        return n;
    }

    private static String hex(byte[] p, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(n, 8); i++) {
            b.append(String.format("%02x", p[i] & 0xff));
        }
        return n == 0 ? "(empty)" : b.toString();
    }

    /**
     * Makes {@link GZIPInputStream} read every concatenated member. On JDK 17 it decides whether
     * another member follows from {@code available() > 0} (JDK-7036144), so a decrypting or network
     * stream that reports 0 at a member boundary would silently end the data early. This wrapper
     * answers {@code available()} truthfully by peeking one byte.
     */
    static final class EofAwareInputStream extends FilterInputStream {
        private int pending = -2;

        EofAwareInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            if (pending != -2) {
                int b = pending;
                pending = b < 0 ? -1 : -2;
                return b;
            }
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (pending != -2) {
                if (pending < 0) {
                    return -1;
                }
                b[off] = (byte) pending;
                pending = -2;
                int more = len > 1 ? Math.max(0, in.read(b, off + 1, len - 1)) : 0;
                return 1 + more;
            }
            return in.read(b, off, len);
        }

        @Override
        public int available() throws IOException {
            if (pending >= 0) {
                return 1 + Math.max(0, in.available());
            }
            if (pending == -1) {
                return 0;
            }
            int a = in.available();
            if (a > 0) {
                return a;
            }
            pending = in.read();
            return pending < 0 ? 0 : 1;
        }

        @Override
        public long skip(long n) throws IOException {
            if (n <= 0) {
                return 0;
            }
            if (pending != -2) {
                return read() < 0 ? 0 : 1;
            }
            return in.skip(n);
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }

    /** Turns gzip-level corruption into {@link PayloadCorruptException} naming the archive. */
    static final class GunzipStream extends FilterInputStream {
        private final String what;

        GunzipStream(InputStream in, String what) {
            super(in);
            this.what = what;
        }

        @Override
        public int read() throws IOException {
            try {
                return in.read();
            } catch (ZipException | EOFException e) {
                throw corrupt(what, e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (ZipException | EOFException e) {
                throw corrupt(what, e);
            }
        }

        static PayloadCorruptException corrupt(String what, IOException e) {
            return new PayloadCorruptException("The gzip data in " + what + " is corrupt or truncated ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                    + "). Nothing from it was restored; choose another snapshot.", e);
        }
    }

    /**
     * Reads a stream to its end, so that every layer below checks its trailer (the DBK1 final
     * segment, the gzip CRC).
     *
     * @param in the stream
     * @return bytes skipped
     * @throws IOException if reading fails
     */
    public static long drain(InputStream in) throws IOException {
        byte[] b = new byte[BUFFER];
        long total = 0;
        for (int r; (r = in.read(b)) >= 0; ) {
            total += r;
        }
        return total;
    }
}
