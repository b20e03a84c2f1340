package com.daaisuite.backup.mongo.internal.archive;

import com.daaisuite.backup.core.PayloadCorruptException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The byte level of {@link ArchiveReader}: a buffer over the input that yields length prefixes (the
 * terminator or a BSON length within the limits) and whole documents, and knows the stream offset of
 * every byte for error messages. No allocation is driven by a length before it is checked.
 */
final class FramedInput {
    private static final int BUFFER = 64 * 1024;

    /** Makes the reader's corruption error for an offset and namespace. */
    interface Corrupt {
        PayloadCorruptException at(long offset, String ns, String what);
    }

    private final InputStream in;
    private final ArchiveLimits limits;
    private final String source;
    private final Corrupt corrupt;
    private final byte[] buf = new byte[BUFFER];
    private int pos;
    private int lim;
    private long bufStart; // stream offset of buf[0]

    FramedInput(InputStream in, ArchiveLimits limits, String source, Corrupt corrupt) {
        this.in = in;
        this.limits = limits;
        this.source = source;
        this.corrupt = corrupt;
    }

    /** Bytes consumed so far. */
    long bytesRead() {
        return bufStart + pos;
    }

    /** Reads an int32 that must be the terminator or a document length within the limits. */
    int readLength(long at, String ns, String expected) throws IOException {
        if (!ensure(4)) {
            int have = lim - pos;
            throw corrupt.at(at, ns, have == 0
                    ? "the archive is truncated: it ends where " + expected + " must follow"
                    : "the archive is truncated: " + have + " stray bytes where " + expected + " must follow");
        }
        int n = BsonLite.readInt32(buf, pos);
        if (n != ArchiveReader.TERMINATOR && (n < ArchiveLimits.MIN_BSON_BYTES || n > limits.maxDocumentBytes())) {
            throw corrupt.at(at, ns, n + " is neither the terminator -1 nor a BSON length from 5 to " + limits.maxDocumentBytes()
                    + " where " + expected + " must follow");
        }
        if (n == ArchiveReader.TERMINATOR) {
            pos += 4;
        }
        return n;
    }

    /** Reads a whole document whose (already validated) length prefix is at the current position. */
    byte[] readDocument(int n, long at, String ns, String what) throws IOException {
        byte[] doc = new byte[n];
        int got = readUpTo(doc, 0, n);
        if (got < n) {
            throw corrupt.at(at, ns, "the archive is truncated inside a " + what + ": " + n + " bytes declared, " + got + " present");
        }
        if (doc[n - 1] != 0) {
            throw corrupt.at(at + n - 1, ns, "the " + what + " of " + n + " bytes starting at offset " + at + " does not end with 0x00");
        }
        return doc;
    }

    /** Copies up to {@code len} bytes from buffer then stream; fewer only at end of stream. */
    int readUpTo(byte[] dst, int off, int len) throws IOException {
        int done = 0;
        int fromBuf = Math.min(len, lim - pos);
        if (fromBuf > 0) {
            System.arraycopy(buf, pos, dst, off, fromBuf);
            pos += fromBuf;
            done = fromBuf;
        }
        if (done < len && len - done >= BUFFER / 2) {
            // Large remainder: straight into the destination, the buffer is empty.
            bufStart += pos;
            pos = 0;
            lim = 0;
            while (done < len) {
                int r = in.read(dst, off + done, len - done);
                if (r < 0) {
                    break;
                }
                done += r;
                bufStart += r;
            }
            return done;
        }
        while (done < len) {
            if (!fill()) {
                break;
            }
            int k = Math.min(len - done, lim - pos);
            System.arraycopy(buf, pos, dst, off + done, k);
            pos += k;
            done += k;
        }
        return done;
    }

    /** True when at least {@code n} (at most the buffer size) bytes are buffered. */
    private boolean ensure(int n) throws IOException {
        while (lim - pos < n) {
            if (!fill()) {
                return false;
            }
        }
        return true;
    }

    boolean atEnd() throws IOException {
        return lim - pos == 0 && !fill();
    }

    /** Reads more input into the buffer, compacting it first; false at end of stream. */
    private boolean fill() throws IOException {
        if (pos > 0) {
            int rest = lim - pos;
            System.arraycopy(buf, pos, buf, 0, rest);
            bufStart += pos;
            pos = 0;
            lim = rest;
        }
        int r = in.read(buf, lim, buf.length - lim);
        for (int zeroReads = 0; r == 0; zeroReads++) {
            if (zeroReads > 1000) {
                throw new IOException(source + ": the input stream keeps returning 0 bytes at byte offset " + (bufStart + lim));
            }
            r = in.read(buf, lim, buf.length - lim);
        }
        if (r < 0) {
            return false;
        }
        lim += r;
        return true;
    }
}
