package com.daaisuite.backup.crypto.internal;

import com.daaisuite.backup.crypto.Dbk1Options;
import com.daaisuite.backup.crypto.MasterKey;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.spec.SecretKeySpec;

/**
 * Writes a DBK1 archive. Holds one plaintext segment and one ciphertext segment.
 *
 * <p>A full segment is held back until more data arrives, because only then is it known not to be
 * the last one. After any failure the stream is dead: {@code close()} then closes the underlying
 * stream without sealing, so a failed archive never ends with a valid final segment.
 */
public final class Dbk1EncryptingStream extends OutputStream {
    private final OutputStream out;
    private final int segmentSize;
    private final byte[] header;
    private final byte[] noncePrefix;
    private final SecretKeySpec key;
    private final SegmentCipher cipher;
    private final byte[] plain;
    private final byte[] sealed;
    private final byte[] nonce = new byte[Dbk1Format.NONCE_LENGTH];
    private int buffered;
    private long segmentIndex;
    private boolean headerWritten;
    private boolean closed;
    private IOException failure;

    /**
     * Draws a fresh salt, then a fresh nonce prefix, from {@code options.random()}. There is
     * deliberately no way to pass a salt or nonce prefix in: a fixed salt reused across archives
     * would reuse the archive key, and a reused nonce prefix under it breaks GCM. The known-answer
     * tests reproduce their frozen salt through a {@link java.security.SecureRandom} that returns
     * fixed bytes, which is explicit at the call site.
     *
     * @param out where the archive goes
     * @param master the master key
     * @param tenantId the tenant bound into the header and the key
     * @param options segment size and the source of salt and nonce prefix
     */
    public Dbk1EncryptingStream(OutputStream out, MasterKey master, String tenantId, Dbk1Options options) {
        this.out = Objects.requireNonNull(out, "out");
        byte[] tenant = Dbk1Format.tenantBytes(tenantId);
        this.segmentSize = options.segmentSize();
        byte[] salt = new byte[Dbk1Format.SALT_LENGTH];
        this.noncePrefix = new byte[Dbk1Format.NONCE_PREFIX_LENGTH];
        options.random().nextBytes(salt);
        options.random().nextBytes(noncePrefix);
        this.header = options.archiveName().isPresent()
                ? Dbk1Format.encodeHeader(segmentSize, master.id(), tenant, Dbk1Format.nameBytes(options.archiveName().get()),
                        options.createdAt().orElseThrow().toEpochMilli(), salt, this.noncePrefix)
                : Dbk1Format.encodeHeader(segmentSize, master.id(), tenant, salt, this.noncePrefix);
        this.key = Dbk1Format.archiveKey(master, salt, tenant);
        this.cipher = new SegmentCipher();
        this.plain = new byte[segmentSize];
        this.sealed = new byte[segmentSize + Dbk1Format.TAG_LENGTH];
    }

    /** @return a copy of the header bytes this stream writes first */
    public byte[] header() {
        return header.clone();
    }

    @Override
    public void write(int b) throws IOException {
        if (headerWritten && buffered < segmentSize && failure == null && !closed) {
            plain[buffered++] = (byte) b;
            return;
        }
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        ensureOpen();
        try {
            writeHeaderOnce();
            while (len > 0) {
                if (buffered == segmentSize) {
                    // More data follows, so the held segment is not the last.
                    seal(plain, 0, segmentSize, false);
                    buffered = 0;
                }
                if (buffered == 0 && len > segmentSize) {
                    // A whole segment with more after it: seal straight from the caller's array.
                    seal(b, off, segmentSize, false);
                    off += segmentSize;
                    len -= segmentSize;
                    continue;
                }
                int n = Math.min(len, segmentSize - buffered);
                System.arraycopy(b, off, plain, buffered, n);
                buffered += n;
                off += n;
                len -= n;
            }
        } catch (IOException | RuntimeException e) {
            fail(e);
            throw e;
        }
    }

    @Override
    public void flush() throws IOException {
        ensureOpen();
        try {
            writeHeaderOnce();
            out.flush();
        } catch (IOException | RuntimeException e) {
            fail(e);
            throw e;
        }
    }

    /** Seals the held data as the last segment (an empty one only if nothing was written) and closes. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (failure != null) {
            out.close();
            return;
        }
        try {
            writeHeaderOnce();
            seal(plain, 0, buffered, true);
            buffered = 0;
            out.flush();
        } catch (IOException | RuntimeException e) {
            fail(e);
            try {
                out.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        out.close();
    }

    /**
     * Gives up: closes the underlying stream without sealing, so what was written stays a
     * detectably truncated archive. Later writes fail; {@code close()} does nothing more.
     */
    public void abort() throws IOException {
        if (closed) {
            return;
        }
        fail(new IOException("the archive was aborted by its writer"));
        closed = true;
        Arrays.fill(plain, (byte) 0);
        buffered = 0;
        out.close();
    }

    private void writeHeaderOnce() throws IOException {
        if (!headerWritten) {
            headerWritten = true;
            out.write(header);
        }
    }

    private void seal(byte[] src, int off, int len, boolean last) throws IOException {
        if (segmentIndex >= Dbk1Format.MAX_SEGMENTS) {
            throw new IOException("A DBK1 archive holds at most 2^32 segments of " + segmentSize
                    + " bytes; use a larger segment size for this much data.");
        }
        Dbk1Format.nonce(noncePrefix, segmentIndex, last, nonce);
        int n = cipher.seal(key, nonce, header, src, off, len, sealed);
        out.write(sealed, 0, n);
        segmentIndex++;
    }

    private void ensureOpen() throws IOException {
        if (failure != null) {
            throw new IOException("This DBK1 encrypting stream failed earlier and cannot be written to: "
                    + failure.getMessage(), failure);
        }
        if (closed) {
            throw new IOException("This DBK1 encrypting stream is closed");
        }
    }

    private void fail(Exception e) {
        if (failure == null) {
            failure = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "Dbk1EncryptingStream[segmentSize=" + segmentSize + ", segments=" + segmentIndex + "]";
    }
}
