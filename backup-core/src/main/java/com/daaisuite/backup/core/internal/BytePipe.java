package com.daaisuite.backup.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bounded in-memory pipe between two threads (a dump writing, a contents scan reading): at most
 * {@code chunks} copies of written chunks wait, so memory stays bounded whatever the sizes. Unlike
 * {@code PipedInputStream} it never polls, and either side can fail it: a reader that gave up makes
 * writes fail (or, when {@link #discardWhenAbandoned}, vanish), a writer that failed makes reads fail.
 */
final class BytePipe {
    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> queue;
    private volatile boolean readerGone;
    private volatile Throwable writerFailure;
    private final boolean discardWhenAbandoned;

    /**
     * @param chunks how many written chunks may wait
     * @param discardWhenAbandoned true to drop writes once the reader is gone (a backup must not fail
     *     because its digests could not be computed), false to fail them
     */
    BytePipe(int chunks, boolean discardWhenAbandoned) {
        this.queue = new ArrayBlockingQueue<>(chunks);
        this.discardWhenAbandoned = discardWhenAbandoned;
    }

    /** @return the writing end; close it to end the stream */
    OutputStream sink() {
        return new OutputStream() {
            private boolean closed;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (len > 0) {
                    put(java.util.Arrays.copyOfRange(b, off, off + len));
                }
            }

            @Override
            public void close() throws IOException {
                if (!closed) {
                    closed = true;
                    put(END);
                }
            }
        };
    }

    /** Tells the reader the writer failed: its next read throws. */
    void fail(Throwable t) {
        writerFailure = t;
        if (!queue.offer(END)) {
            // The reader will fail anyway: what it has not read yet no longer matters.
            queue.clear();
            queue.offer(END);
        }
    }

    private void put(byte[] chunk) throws IOException {
        try {
            while (!queue.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
                if (readerGone) {
                    break;
                }
            }
            if (readerGone) {
                queue.clear();
                if (!discardWhenAbandoned) {
                    throw new IOException("the reading side of the pipe stopped");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing into the pipe");
        }
    }

    /** @return the reading end; close it to abandon the stream */
    InputStream source() {
        return new ChunkedInputStream() {
            /** The end was met with the writer's failure: reported once, then the stream is at its end. */
            private boolean failedEnd;

            @Override
            byte[] nextChunk() throws IOException {
                if (failedEnd) {
                    return null;
                }
                byte[] next;
                try {
                    next = queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while reading from the pipe");
                }
                if (next == END) {
                    if (writerFailure != null) {
                        failedEnd = true;
                        throw new IOException("the writing side failed: " + writerFailure.getMessage(), writerFailure);
                    }
                    return null;
                }
                return next;
            }

            @Override
            public void close() {
                readerGone = true;
                queue.clear();
            }
        };
    }
}
