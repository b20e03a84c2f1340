package com.daaisuite.backup.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads a stream on a thread of its own, a bounded number of chunks ahead of the reader: the
 * archive's authentication, decryption and inflation then run beside the payload's parsing and
 * checksums (the whole-archive proof) or beside the batching of inserts (the load), instead of taking
 * turns on one core. A failure of the underlying stream (a bad tag, a gzip trailer, a short read) is
 * thrown to the reader, as it was thrown, at the position where it happened: every byte before it is
 * delivered first, exactly as a direct read would.
 */
final class ReadAhead extends InputStream {
    private static final int CHUNK = 1 << 16;
    private static final int AHEAD = 16;

    private static final class Chunk {
        final byte[] bytes = new byte[CHUNK];
        int length;
        /** Set on the last chunk: -1 at the end, or a failure. */
        boolean last;
        Throwable failure;
    }

    private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(AHEAD + 1);
    private final BlockingQueue<Chunk> free = new ArrayBlockingQueue<>(AHEAD + 1);
    private final Thread thread;
    private volatile boolean closed;
    private Chunk current;
    private int pos;
    private boolean finished;

    private ReadAhead(InputStream in, String name) {
        for (int i = 0; i <= AHEAD; i++) {
            free.add(new Chunk());
        }
        thread = new Thread(() -> fill(in), name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * @param in the stream to read ahead; from now on only the read-ahead thread touches it
     * @param name the thread's name
     * @return a stream delivering the same bytes and the same failure
     */
    static InputStream of(InputStream in, String name) {
        return new ReadAhead(in, name);
    }

    private void fill(InputStream in) {
        try {
            while (!closed) {
                Chunk c = take(free);
                if (c == null) {
                    return;
                }
                int n = 0;
                try {
                    while (n < CHUNK) {
                        int r = in.read(c.bytes, n, CHUNK - n);
                        if (r < 0) {
                            c.last = true;
                            break;
                        }
                        n += r;
                        if (n > 0 && r == 0) {
                            break;
                        }
                    }
                } catch (Throwable x) {
                    c.failure = x;
                    c.last = true;
                }
                c.length = n;
                boolean last = c.last;
                if (!put(c) || last) {
                    return;
                }
            }
        } catch (Throwable x) {
            // Only an unexpected failure of the hand-over itself gets here; the reader then sees the stream end
            // early with it.
            Chunk c = new Chunk();
            c.failure = x;
            c.last = true;
            put(c);
        }
    }

    private Chunk take(BlockingQueue<Chunk> q) {
        try {
            while (!closed) {
                Chunk c = q.poll(100, TimeUnit.MILLISECONDS);
                if (c != null) {
                    return c;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    private boolean put(Chunk c) {
        try {
            while (!closed) {
                if (full.offer(c, 100, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** The chunk to read from, or null at the end; throws the underlying failure at its position. */
    private Chunk chunk() throws IOException {
        while (current == null || pos == current.length) {
            if (current != null) {
                if (current.last) {
                    return end(current);
                }
                current.length = 0;
                free.add(current);
                current = null;
            }
            if (finished) {
                return null;
            }
            try {
                current = full.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading the archive");
            }
            pos = 0;
        }
        return current;
    }

    private Chunk end(Chunk c) throws IOException {
        finished = true;
        Throwable x = c.failure;
        if (x == null) {
            return null;
        }
        if (x instanceof IOException e) {
            throw e;
        }
        if (x instanceof RuntimeException e) {
            throw e;
        }
        if (x instanceof Error e) {
            throw e;
        }
        throw new IOException(x);
    }

    @Override
    public int read() throws IOException {
        Chunk c = chunk();
        return c == null ? -1 : c.bytes[pos++] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        Chunk c = chunk();
        if (c == null) {
            return -1;
        }
        int n = Math.min(len, c.length - pos);
        System.arraycopy(c.bytes, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public int available() {
        return current == null ? 0 : current.length - pos;
    }

    /** Stops the read-ahead thread; the underlying stream stays the caller's to close. */
    @Override
    public void close() {
        closed = true;
        full.clear();
        try {
            // It ends within one read of the underlying stream; a stuck one (a dead network) is a daemon.
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
