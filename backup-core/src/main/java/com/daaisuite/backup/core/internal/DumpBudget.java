package com.daaisuite.backup.core.internal;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * The node's read-rate budget: one token bucket shared by every dump of one
 * {@link com.daaisuite.backup.core.Backups}, so that the 01:00 wave of many tenants reads the shared
 * database at most at {@code bytesPerSecond} in total, however many backups run at once.
 *
 * <p>It paces the stream the pipeline hands to {@code DatabaseSource.dump}: a source writes what it
 * has read, so holding its writes back holds its cursor back (the MongoDB source reads ahead by a
 * few batches at most). Every source is paced the same way without knowing it.
 *
 * <p>The bucket holds at most a quarter of a second's worth of bytes (at least 64 KiB), so a dump
 * that was idle cannot burst for long. A writer takes what it writes and, when the bucket is in debt,
 * sleeps until the debt is repaid; debts accumulate across writers, so two dumps share the rate
 * rather than each getting all of it.
 */
public final class DumpBudget {
    /** Largest write paced at once: keeps each sleep short and the rate smooth. */
    static final int CHUNK = 64 * 1024;
    private static final DumpBudget UNLIMITED = new DumpBudget(0, Pacing.SYSTEM);

    private final long bytesPerSecond;
    private final Pacing pacing;
    private final double capacity;
    private double tokens;
    private long last;

    private DumpBudget(long bytesPerSecond, Pacing pacing) {
        this.bytesPerSecond = bytesPerSecond;
        this.pacing = pacing;
        this.capacity = Math.max(CHUNK, bytesPerSecond / 4.0);
        this.tokens = capacity;
        this.last = pacing.nanoTime();
    }

    /** @return a budget that never waits */
    public static DumpBudget unlimited() {
        return UNLIMITED;
    }

    /**
     * @param bytesPerSecond the node's dump read rate, &gt; 0
     * @param pacing the time it paces by
     * @return a budget of that rate
     */
    public static DumpBudget perSecond(long bytesPerSecond, Pacing pacing) {
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("bytesPerSecond must be > 0, got " + bytesPerSecond);
        }
        return new DumpBudget(bytesPerSecond, Objects.requireNonNull(pacing, "pacing"));
    }

    /** @return whether this budget ever waits */
    public boolean limited() {
        return bytesPerSecond > 0;
    }

    /**
     * @param out the stream a dump writes into
     * @return {@code out} paced by this budget, or {@code out} itself when unlimited
     */
    public OutputStream pace(OutputStream out) {
        return limited() ? new Paced(out) : out;
    }

    /**
     * Takes {@code n} bytes from the bucket and waits while it is in debt.
     *
     * @throws InterruptedIOException when interrupted while waiting
     */
    void take(long n) throws InterruptedIOException {
        long wait = reserve(n);
        if (wait > 0) {
            try {
                pacing.sleepNanos(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("Interrupted while pacing the dump to the read budget");
            }
        }
    }

    /** @return nanoseconds the caller must wait for its {@code n} bytes (0: none) */
    private synchronized long reserve(long n) {
        long now = pacing.nanoTime();
        tokens = Math.min(capacity, tokens + (now - last) * (bytesPerSecond / 1e9));
        last = now;
        tokens -= n;
        return tokens >= 0 ? 0 : (long) Math.ceil(-tokens * 1e9 / bytesPerSecond);
    }

    /** A dump's stream: every byte passes through the bucket first. */
    private final class Paced extends FilterOutputStream {
        Paced(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            take(1);
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            for (int done = 0; done < len; ) {
                int n = Math.min(CHUNK, len - done);
                take(n);
                out.write(b, off + done, n);
                done += n;
            }
        }
    }
}
