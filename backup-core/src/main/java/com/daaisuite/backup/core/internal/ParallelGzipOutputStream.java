package com.daaisuite.backup.core.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Gzip written as independent RFC 1952 members of {@code memberSize} input bytes each, compressed
 * on a shared pool and written in order. Standard readers (GZIPInputStream, gzip -d, pigz,
 * mongorestore) read concatenated members as one stream, so this is plain gzip that uses several
 * cores. At most {@code maxInFlight} members are buffered, so memory is bounded by about
 * {@code 2 * maxInFlight * memberSize}.
 *
 * <p>Not thread-safe (one writer). {@link #close()} writes the remaining members and closes the
 * underlying stream; after a failure every later call fails, and {@link #abort()} drops pending work.
 */
public final class ParallelGzipOutputStream extends OutputStream {
    /** Default input bytes per member: 1 MiB. */
    public static final int DEFAULT_MEMBER_SIZE = 1 << 20;

    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private final OutputStream out;
    private final int level;
    private final ExecutorService pool;
    private final int maxInFlight;
    private final int memberSize;
    private final ArrayDeque<Future<byte[]>> inFlight = new ArrayDeque<>();
    private byte[] buf;
    private int count;
    private boolean anyMember;
    private boolean closed;
    private IOException failure;

    /**
     * @param out where the gzip stream goes
     * @param level deflate level 1..9
     * @param pool the compression pool (shared; not shut down here)
     * @param maxInFlight members compressed or waiting at once, at least 1
     * @param memberSize input bytes per member
     */
    public ParallelGzipOutputStream(OutputStream out, int level, ExecutorService pool, int maxInFlight, int memberSize) {
        this.out = out;
        this.level = level;
        this.pool = pool;
        this.maxInFlight = Math.max(1, maxInFlight);
        this.memberSize = memberSize;
        this.buf = new byte[memberSize];
    }

    @Override
    public void write(int b) throws IOException {
        ensureOpen();
        buf[count++] = (byte) b;
        if (count == memberSize) {
            submit();
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        ensureOpen();
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        while (len > 0) {
            int n = Math.min(len, memberSize - count);
            System.arraycopy(b, off, buf, count, n);
            count += n;
            off += n;
            len -= n;
            if (count == memberSize) {
                submit();
            }
        }
    }

    /** Compressed members are written as they complete; a flush cannot cut a member short. */
    @Override
    public void flush() throws IOException {
        ensureOpen();
        drainCompleted();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            ensureOpen();
            // An empty stream still gets one (empty) member, so that readers see valid gzip.
            if (count > 0 || !anyMember) {
                submit();
            }
            while (!inFlight.isEmpty()) {
                writeHead();
            }
            closed = true;
            out.close();
        } catch (IOException | RuntimeException e) {
            abort();
            throw e;
        }
    }

    /** Cancels pending members and marks the stream failed; does not close the underlying stream. */
    public void abort() {
        closed = true;
        for (Future<byte[]> f : inFlight) {
            f.cancel(true);
        }
        inFlight.clear();
        buf = null;
    }

    private void ensureOpen() throws IOException {
        if (failure != null) {
            throw new IOException("gzip stream failed earlier: " + failure.getMessage(), failure);
        }
        if (closed) {
            throw new IOException("gzip stream is closed");
        }
    }

    private void submit() throws IOException {
        byte[] chunk = buf;
        int len = count;
        int lvl = level;
        anyMember = true;
        while (inFlight.size() >= maxInFlight) {
            writeHead();
        }
        inFlight.add(pool.submit(() -> member(chunk, len, lvl)));
        buf = new byte[memberSize];
        count = 0;
        drainCompleted();
    }

    private void drainCompleted() throws IOException {
        while (!inFlight.isEmpty() && inFlight.peek().isDone()) {
            writeHead();
        }
    }

    private void writeHead() throws IOException {
        Future<byte[]> f = inFlight.poll();
        byte[] member;
        try {
            member = f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = new InterruptedIOException("interrupted while compressing");
            throw failure;
        } catch (ExecutionException e) {
            failure = new IOException("compressing a gzip member failed: " + e.getCause(), e.getCause());
            throw failure;
        }
        try {
            out.write(member);
        } catch (IOException | RuntimeException e) {
            failure = e instanceof IOException io ? io : new IOException(e.toString(), e);
            throw e;
        }
    }

    /** One complete gzip member: header, raw deflate, CRC-32 and ISIZE (little-endian). */
    static byte[] member(byte[] data, int len, int level) {
        Deflater d = new Deflater(level, true);
        try {
            d.setInput(data, 0, len);
            d.finish();
            byte[] out = new byte[HEADER.length + len + len / 1000 + 64 + 8];
            System.arraycopy(HEADER, 0, out, 0, HEADER.length);
            int pos = HEADER.length;
            while (!d.finished()) {
                if (pos == out.length - 8) {
                    out = java.util.Arrays.copyOf(out, out.length * 2);
                }
                pos += d.deflate(out, pos, out.length - 8 - pos);
            }
            CRC32 crc = new CRC32();
            crc.update(data, 0, len);
            long c = crc.getValue();
            for (int i = 0; i < 4; i++) {
                out[pos++] = (byte) (c >>> (8 * i));
            }
            for (int i = 0; i < 4; i++) {
                out[pos++] = (byte) (len >>> (8 * i));
            }
            return java.util.Arrays.copyOf(out, pos);
        } finally {
            d.end();
        }
    }
}
