package com.daaisuite.backup.core.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Gzip compressed on several cores the way {@code pigz} does it: one RFC 1952 member whose deflate
 * stream is cut into blocks of {@code blockSize} input bytes. Each block is compressed on a shared
 * pool by its own {@link Deflater}, primed with the previous block's last 32 KiB as its dictionary
 * (so matches reach across the cut exactly as in a single-threaded stream), and ended by a sync
 * flush so the blocks concatenate into one valid deflate stream; the last block finishes it. The
 * writer computes the CRC-32 and length of the whole input for the trailer.
 *
 * <p>Priming is why this is one member and not many: independent members restart with an empty
 * window every block, which measured 1-3% larger archives at 1 MiB blocks (docs/performance.md).
 * Input buffers are reused once their block is written, and each pool thread deflates into room of
 * its own, so a long backup allocates little more than its compressed output.
 * Standard readers (GZIPInputStream, gzip -d, mongorestore) read the result as ordinary gzip.
 *
 * <p>At most {@code maxInFlight} blocks are buffered, so memory is bounded by about
 * {@code 2 * maxInFlight * blockSize}. Not thread-safe (one writer). {@link #close()} writes the
 * remaining blocks and the trailer and closes the underlying stream; after a failure every later
 * call fails, and {@link #abort()} drops pending work.
 */
public final class ParallelGzipOutputStream extends OutputStream {
    /**
     * Default input bytes per block: 256 KiB. Below half of G1's smallest region (1 MiB), so no block
     * buffer is ever a humongous allocation: in a host's heap, 1 MiB blocks made G1 start a concurrent
     * cycle (and its remark pause, 10-17 ms) several times a second during a paced backup wave
     * (docs/performance.md, "The 01:00 wave"). Priming keeps the size of one stream at any block size.
     */
    public static final int DEFAULT_MEMBER_SIZE = 256 << 10;

    /** Deflate's window: the most a match can reach back, so all a block's dictionary needs. */
    static final int WINDOW = 32 * 1024;

    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private final OutputStream out;
    private final int level;
    private final int strategy;
    private final ExecutorService pool;
    private final int maxInFlight;
    private final int blockSize;
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    /** Input buffers whose blocks are compressed and written, reused so a backup allocates a few, not one per block. */
    private final ArrayDeque<byte[]> spare = new ArrayDeque<>();
    private final CRC32 crc = new CRC32();
    private long length;
    private byte[] buf;
    private int count;
    private byte[] previousTail;
    private boolean headerWritten;
    private boolean closed;
    private IOException failure;

    /**
     * @param out where the gzip stream goes
     * @param level deflate level 1..9
     * @param pool the compression pool (shared; not shut down here)
     * @param maxInFlight blocks compressed or waiting at once, at least 1
     * @param blockSize input bytes per block, at least {@value #WINDOW}
     */
    public ParallelGzipOutputStream(OutputStream out, int level, ExecutorService pool, int maxInFlight, int blockSize) {
        this(out, level, Deflater.DEFAULT_STRATEGY, pool, maxInFlight, blockSize);
    }

    /**
     * @param out where the gzip stream goes
     * @param level deflate level 1..9
     * @param strategy {@link Deflater#DEFAULT_STRATEGY} or {@link Deflater#FILTERED} (measured in
     *        docs/performance.md, "Archive size, round three")
     * @param pool the compression pool (shared; not shut down here)
     * @param maxInFlight blocks compressed or waiting at once, at least 1
     * @param blockSize input bytes per block, at least {@value #WINDOW}
     */
    public ParallelGzipOutputStream(OutputStream out, int level, int strategy, ExecutorService pool, int maxInFlight,
            int blockSize) {
        if (blockSize < WINDOW) {
            throw new IllegalArgumentException("blockSize " + blockSize + " is below the deflate window " + WINDOW);
        }
        this.out = out;
        this.level = level;
        this.strategy = strategy;
        this.pool = pool;
        this.maxInFlight = Math.max(1, maxInFlight);
        this.blockSize = blockSize;
        this.buf = new byte[blockSize];
    }

    @Override
    public void write(int b) throws IOException {
        ensureOpen();
        buf[count++] = (byte) b;
        if (count == blockSize) {
            submit(false);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        ensureOpen();
        Objects.checkFromIndexSize(off, len, b.length);
        while (len > 0) {
            int n = Math.min(len, blockSize - count);
            System.arraycopy(b, off, buf, count, n);
            count += n;
            off += n;
            len -= n;
            if (count == blockSize) {
                submit(false);
            }
        }
    }

    /** Compressed blocks are written as they complete; a flush cannot cut a block short. */
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
            // The last block finishes the deflate stream, even when it is empty (input ended on a cut).
            submit(true);
            while (!inFlight.isEmpty()) {
                writeHead();
            }
            writeTrailer();
            closed = true;
            out.close();
        } catch (IOException | RuntimeException e) {
            abort();
            throw e;
        }
    }

    /** Cancels pending blocks and marks the stream failed; does not close the underlying stream. */
    public void abort() {
        closed = true;
        for (InFlight f : inFlight) {
            f.result().cancel(true);
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

    private void submit(boolean last) throws IOException {
        byte[] block = buf;
        int len = count;
        byte[] dictionary = previousTail;
        int lvl = level;
        int strat = strategy;
        crc.update(block, 0, len);
        length += len;
        if (!last) {
            // Full blocks only (a cut happens at blockSize), so the tail is always a whole window.
            previousTail = Arrays.copyOfRange(block, len - WINDOW, len);
        }
        while (inFlight.size() >= maxInFlight) {
            writeHead();
        }
        inFlight.add(new InFlight(pool.submit(() -> block(block, len, dictionary, lvl, strat, last)), block));
        buf = last ? null : spare.isEmpty() ? new byte[blockSize] : spare.pop();
        count = 0;
        drainCompleted();
    }

    private void drainCompleted() throws IOException {
        while (!inFlight.isEmpty() && inFlight.peek().result().isDone()) {
            writeHead();
        }
    }

    private void writeHead() throws IOException {
        InFlight f = inFlight.poll();
        byte[] block;
        try {
            block = f.result().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = new InterruptedIOException("interrupted while compressing");
            throw failure;
        } catch (ExecutionException e) {
            failure = new IOException("compressing a gzip block failed: " + e.getCause(), e.getCause());
            throw failure;
        }
        try {
            if (!headerWritten) {
                out.write(HEADER);
                headerWritten = true;
            }
            out.write(block);
            // Its task has finished with the input: only now may another block be copied into it.
            spare.push(f.input());
        } catch (IOException | RuntimeException e) {
            failure = e instanceof IOException io ? io : new IOException(e.toString(), e);
            throw e;
        }
    }

    /** CRC-32 and ISIZE (input length mod 2^32), little-endian. */
    private void writeTrailer() throws IOException {
        byte[] t = new byte[8];
        long c = crc.getValue();
        for (int i = 0; i < 4; i++) {
            t[i] = (byte) (c >>> (8 * i));
            t[4 + i] = (byte) (length >>> (8 * i));
        }
        try {
            out.write(t);
        } catch (IOException | RuntimeException e) {
            failure = e instanceof IOException io ? io : new IOException(e.toString(), e);
            throw e;
        }
    }

    /** A block being compressed, and the input buffer it reads until its result is taken. */
    private record InFlight(Future<byte[]> result, byte[] input) {}

    /** Each compression thread's output room, reused from block to block; only the exact result is copied out. */
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[0]);

    /**
     * One block of the raw deflate stream: primed with {@code dictionary} when there is one, ended by
     * a sync flush (byte-aligned, so the next block's bytes follow directly), or by the stream's
     * final block when {@code last}.
     */
    static byte[] block(byte[] data, int len, byte[] dictionary, int level, boolean last) {
        return block(data, len, dictionary, level, Deflater.DEFAULT_STRATEGY, last);
    }

    static byte[] block(byte[] data, int len, byte[] dictionary, int level, int strategy, boolean last) {
        Deflater d = new Deflater(level, true);
        try {
            d.setStrategy(strategy);
            if (dictionary != null) {
                d.setDictionary(dictionary);
            }
            d.setInput(data, 0, len);
            if (last) {
                d.finish();
            }
            byte[] out = SCRATCH.get();
            if (out.length < len + len / 1000 + 64) {
                out = new byte[len + len / 1000 + 64];
                SCRATCH.set(out);
            }
            int pos = 0;
            while (true) {
                if (pos == out.length) {
                    out = Arrays.copyOf(out, out.length * 2);
                    SCRATCH.set(out);
                }
                int n = d.deflate(out, pos, out.length - pos, last ? Deflater.NO_FLUSH : Deflater.SYNC_FLUSH);
                pos += n;
                // A sync flush is complete when it did not fill the room it was given; a finish when finished.
                if (last ? d.finished() : (pos < out.length && d.needsInput())) {
                    break;
                }
            }
            return Arrays.copyOf(out, pos);
        } finally {
            d.end();
        }
    }
}
