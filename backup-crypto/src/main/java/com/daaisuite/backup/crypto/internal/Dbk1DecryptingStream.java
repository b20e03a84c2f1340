package com.daaisuite.backup.crypto.internal;

import com.daaisuite.backup.crypto.ArchiveTamperedException;
import com.daaisuite.backup.crypto.MasterKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.spec.SecretKeySpec;

/**
 * Reads a DBK1 archive whose header has already been parsed. Holds one ciphertext segment and one
 * plaintext segment; a segment's plaintext is handed out only after its tag verified.
 *
 * <p>Whether a segment is the last is decided by the stream: a full segment followed by end of
 * stream is last, so the reader peeks one byte after every full segment. Truncation at a segment
 * boundary, appended bytes, and reordered, duplicated or deleted segments all surface as a tag
 * that does not verify under the nonce the position demands. Failures are sticky.
 *
 * <p>Memory is bounded before anything is authenticated: the header's segment size is only a
 * ceiling. The ciphertext buffer starts at {@value #INITIAL_BUFFER} bytes and grows (doubling,
 * never past the header's segment size plus the tag) only as the stream actually delivers bytes,
 * and the plaintext buffer of segment 0 is as large as what arrived. So a hostile header that
 * claims 16 MiB segments costs {@value #INITIAL_BUFFER} bytes, not 32 MiB, unless the attacker
 * also sends the bytes; full-size buffers are allocated only once segment 0 has verified.
 */
public final class Dbk1DecryptingStream extends InputStream {
    private final InputStream in;
    private final Dbk1Format.Parsed parsed;
    private final int segmentSize;
    private final SecretKeySpec key;
    private final SegmentCipher cipher;
    /** Bytes held for ciphertext before the stream proves it has more. */
    static final int INITIAL_BUFFER = 64 << 10;

    /** Grows with the bytes the stream delivers, up to segment size + tag. */
    private byte[] sealed;
    /** Allocated on the first small read: readers of whole segments never need it. */
    private byte[] plain;
    private final byte[] nonce = new byte[Dbk1Format.NONCE_LENGTH];
    private int pos;
    private int limit;
    private long segmentIndex;
    private int peeked = -1;
    private boolean finished;
    private boolean closed;
    private RuntimeException tampered;
    private IOException ioFailure;

    /**
     * @param in the archive, positioned just after the header
     * @param parsed the header read from {@code in}
     * @param master the key whose id the header names
     */
    public Dbk1DecryptingStream(InputStream in, Dbk1Format.Parsed parsed, MasterKey master) {
        this.in = Objects.requireNonNull(in, "in");
        this.parsed = parsed;
        this.segmentSize = parsed.header().segmentSize();
        this.key = Dbk1Format.archiveKey(master, parsed.salt(),
                parsed.header().tenantId().getBytes(StandardCharsets.US_ASCII));
        this.cipher = new SegmentCipher();
        this.sealed = new byte[Math.min(segmentSize + Dbk1Format.TAG_LENGTH, INITIAL_BUFFER)];
    }

    @Override
    public int read() throws IOException {
        ensureUsable();
        while (pos == limit) {
            if (finished) {
                return -1;
            }
            nextSegment();
        }
        return plain[pos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        ensureUsable();
        if (len == 0) {
            return 0;
        }
        if (pos == limit && !finished && len >= segmentSize) {
            // The caller's buffer holds a whole segment: decrypt straight into it and save a copy.
            // On failure the region is wiped before the exception leaves, so no unverified byte stays.
            int n = openNext(b, off);
            if (n > 0 || !finished) {
                return n;
            }
            return -1;
        }
        while (pos == limit) {
            if (finished) {
                return -1;
            }
            nextSegment();
        }
        int n = Math.min(len, limit - pos);
        System.arraycopy(plain, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public int available() throws IOException {
        ensureUsable();
        return limit - pos;
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
            pos = limit = 0;
            in.close();
        }
    }

    private void ensureUsable() throws IOException {
        if (tampered != null) {
            throw new ArchiveTamperedException(tampered.getMessage() + " (reported again: this stream failed earlier)",
                    tampered);
        }
        if (ioFailure != null) {
            throw new IOException("Reading the DBK1 archive failed earlier: " + ioFailure.getMessage(), ioFailure);
        }
        if (closed) {
            throw new IOException("This DBK1 decrypting stream is closed");
        }
    }

    /**
     * The plaintext buffer, at least {@code length} bytes. Until segment 0 has verified it is only
     * as large as the bytes that arrived; after that it is one full segment, allocated once.
     */
    private byte[] plain(int length) {
        if (plain == null || plain.length < length) {
            plain = new byte[segmentIndex == 0 ? Math.max(length, 1) : segmentSize];
        }
        return plain;
    }

    private void nextSegment() throws IOException {
        limit = openNext(null, 0);
        pos = 0;
    }

    /**
     * Reads, verifies and decrypts the next segment into {@code dst}, or into the stream's own
     * plaintext buffer when {@code dst} is null; returns its plaintext length.
     */
    private int openNext(byte[] dst, int dstOff) throws IOException {
        try {
            return readAndOpenSegment(dst, dstOff);
        } catch (ArchiveTamperedException e) {
            tampered = e;
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
            if (dst != null) {
                Arrays.fill(dst, dstOff, Math.min(dst.length, dstOff + segmentSize), (byte) 0);
            }
            pos = limit = 0;
            throw e;
        } catch (IOException | RuntimeException e) {
            if (e instanceof IOException io) {
                ioFailure = io;
            } else {
                ioFailure = new IOException(e.getMessage(), e);
            }
            if (dst != null) {
                Arrays.fill(dst, dstOff, Math.min(dst.length, dstOff + segmentSize), (byte) 0);
            }
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
            pos = limit = 0;
            throw e;
        }
    }

    private int readAndOpenSegment(byte[] dst, int dstOff) throws IOException {
        long i = segmentIndex;
        if (i >= Dbk1Format.MAX_SEGMENTS) {
            throw tamper("the archive continues past segment " + (i - 1) + ", the last one 32-bit counters allow");
        }
        int full = segmentSize + Dbk1Format.TAG_LENGTH;
        int n = 0;
        if (peeked >= 0) {
            sealed[0] = (byte) peeked;
            peeked = -1;
            n = 1;
        }
        n = readSealed(n, full);
        boolean last = true;
        if (n == full) {
            peeked = in.read();
            last = peeked < 0;
        }
        if (n == 0) {
            throw tamper("the archive is truncated: it ends right after the header, before segment 0");
        }
        if (n < Dbk1Format.TAG_LENGTH) {
            throw tamper("the archive is truncated: segment " + i + " has only " + n
                    + " bytes, less than its 16-byte tag");
        }
        if (n == Dbk1Format.TAG_LENGTH && i > 0) {
            throw tamper("segment " + i + " is an empty final segment, which no DBK1 writer produces after segment 0:"
                    + " the archive was truncated or altered");
        }
        if (dst == null) {
            dst = plain(n - Dbk1Format.TAG_LENGTH);
            dstOff = 0;
        }
        if (open(i, last, n, dst, dstOff)) {
            segmentIndex++;
            finished = last;
            return n - Dbk1Format.TAG_LENGTH;
        }
        // The tag failed. Find out why, for the message only: nothing decrypted here is released.
        String why;
        byte[] scratch = plain(n - Dbk1Format.TAG_LENGTH);
        if (last && open(i, false, n, scratch, 0)) {
            why = "the archive is truncated: segment " + i + " is intact but not the final segment,"
                    + " and the stream ends right after it";
        } else if (!last && open(i, true, n, scratch, 0)) {
            why = "trailing data: segment " + i + " is the archive's final segment, but more bytes follow it";
        } else {
            why = "segment " + i + (last ? " (final, " : " (") + (n - Dbk1Format.TAG_LENGTH)
                    + " plaintext bytes) failed authentication (tag mismatch)"
                    + (last && n < full ? "; the archive was truncated inside this segment, or" : ";")
                    + (i == 0 ? " the segment or the header was altered, or the file is corrupt"
                            : " the segment was altered, reordered, duplicated or removed, or the file is corrupt");
        }
        Arrays.fill(scratch, (byte) 0);
        throw tamper(why);
    }

    /**
     * Reads until {@code full} bytes of the segment are in {@link #sealed} or the stream ends,
     * growing the buffer only when it is full and the stream still delivers; returns the count.
     */
    private int readSealed(int have, int full) throws IOException {
        int n = have;
        while (n < full) {
            if (n == sealed.length) {
                int r = in.read();
                if (r < 0) {
                    break;
                }
                sealed = Arrays.copyOf(sealed, (int) Math.min(full, 2L * sealed.length));
                sealed[n++] = (byte) r;
                continue;
            }
            int r = in.read(sealed, n, Math.min(full, sealed.length) - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        return n;
    }

    private boolean open(long i, boolean last, int n, byte[] dst, int dstOff) {
        Dbk1Format.nonce(parsed.noncePrefix(), i, last, nonce);
        return cipher.open(key, nonce, parsed.bytes(), sealed, n, dst, dstOff);
    }

    private ArchiveTamperedException tamper(String why) {
        return new ArchiveTamperedException("DBK1 archive of tenant " + parsed.header().tenantId()
                + " cannot be trusted: " + why + ". Nothing from the failed segment was released;"
                + " restore another snapshot.");
    }

    @Override
    public String toString() {
        return "Dbk1DecryptingStream[tenant=" + parsed.header().tenantId() + ", segmentSize=" + segmentSize
                + ", segment=" + segmentIndex + "]";
    }
}
