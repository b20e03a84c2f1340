package com.daaisuite.backup.core.internal;

import com.daaisuite.backup.core.spi.DocumentVisitor;
import com.daaisuite.backup.core.spi.ReadBudget;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * The node's read-rate budget: one token bucket shared by every dump of one
 * {@link com.daaisuite.backup.core.Backups}, so that the 01:00 wave of many tenants reads the shared
 * database at most at {@code bytesPerSecond} in total, however many backups run at once.
 *
 * <p>Each dump gets a {@link Dump}: the stream it writes into, and a {@link ReadBudget} view of the
 * same bucket. A source that paces its own reads (the MongoDB source: small batches, each paid for
 * before the next is asked for) calls {@link ReadBudget#acquire}, and from then on its writes pass
 * free, so the database serves one small batch at a time instead of a large batch at full speed. A
 * source that does not is paced on its writes: it writes what it has read, so holding its writes
 * back holds its cursor back, one read batch late.
 *
 * <p>The node's restore drills draw from the same bucket ({@link #pace(InputStream)}, {@link #pace(DocumentVisitor)}):
 * a scheduled drill runs right after the tick's backups, and loads and reads back a whole snapshot.
 *
 * <p>The bucket holds at most a quarter of a second's worth of bytes (at least 64 KiB), so a dump
 * that was idle cannot burst for long. A writer takes what it writes and, when the bucket is in debt,
 * sleeps until the debt is repaid; debts accumulate across writers, so two dumps share the rate
 * rather than each getting all of it.
 */
public final class DumpBudget {
    /** Largest write paced at once: keeps each sleep short and the rate smooth. */
    static final int CHUNK = 64 * 1024;
    /** The largest read batch suggested to a source under a budget: 1 MiB. */
    static final int MAX_BATCH = 1 << 20;
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
     * @return the dump's paced stream and its read-side view of this budget ({@code out} itself and
     *         {@link ReadBudget#UNLIMITED} when unlimited)
     */
    public Dump open(OutputStream out) {
        if (!limited()) {
            return new Dump(out, ReadBudget.UNLIMITED);
        }
        Paced p = new Paced(out);
        return new Dump(p, p);
    }

    /**
     * One dump under the budget.
     *
     * @param stream where the dump writes (paced until the source acquires on its own)
     * @param readBudget what the source paces its reads by
     */
    public record Dump(OutputStream stream, ReadBudget readBudget) {}

    /** @return the read batch suggested at this rate: a sixteenth of a second's worth, 64 KiB to 1 MiB */
    int batchBytes() {
        return (int) Math.max(CHUNK, Math.min(MAX_BATCH, bytesPerSecond / 16));
    }

    /** @return the most bytes a writer can take without waiting, after the bucket filled up while idle */
    long burstBytes() {
        return (long) capacity;
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
                throw new InterruptedIOException("Interrupted while waiting for the node's read budget (dumpReadBudget): the Backups "
                        + "instance is closing or the thread was interrupted");
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

    /**
     * A restore drill's archive read through this budget: each read takes its bytes from the same bucket
     * as the node's dumps, so the drill's load into its scratch database (which inserts what it has read)
     * runs at the node's rate instead of at full speed right after the 01:00 wave's backups.
     *
     * @param in the payload the drill loads
     * @return {@code in} itself when unlimited, else a stream that waits while the bucket is in debt
     */
    public InputStream pace(InputStream in) {
        if (!limited()) {
            return in;
        }
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    take(1);
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, Math.min(len, CHUNK));
                if (n > 0) {
                    take(n);
                }
                return n;
            }
        };
    }

    /**
     * A restore drill's read-back of its scratch database through this budget: each document's bytes are
     * taken from the bucket before the next is accepted, which holds the source's reads back (one read
     * batch late).
     *
     * @param visitor what receives the documents
     * @return {@code visitor} itself when unlimited
     */
    public DocumentVisitor pace(DocumentVisitor visitor) {
        if (!limited()) {
            return visitor;
        }
        return new DocumentVisitor() {
            @Override
            public void collection(String name, String type, java.util.List<String> indexNames) {
                visitor.collection(name, type, indexNames);
            }

            @Override
            public void document(String collection, byte[] id, byte[] document) {
                try {
                    take(document.length);
                } catch (InterruptedIOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                visitor.document(collection, id, document);
            }
        };
    }

    /**
     * A dump's stream: every byte passes through the bucket first, until the source pays for its
     * reads itself ({@link #acquire}); then the bytes are not paid twice.
     */
    private final class Paced extends FilterOutputStream implements ReadBudget {
        private volatile boolean sourcePaces;

        Paced(OutputStream out) {
            super(out);
        }

        @Override
        public boolean limited() {
            return true;
        }

        @Override
        public int batchBytes() {
            return DumpBudget.this.batchBytes();
        }

        @Override
        public void acquire(long bytes) throws InterruptedIOException {
            if (bytes < 0) {
                throw new IllegalArgumentException("bytes must be >= 0, got " + bytes);
            }
            sourcePaces = true;
            take(bytes);
        }

        @Override
        public void write(int b) throws IOException {
            if (!sourcePaces) {
                take(1);
            }
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (sourcePaces) {
                out.write(b, off, len);
                return;
            }
            for (int done = 0; done < len; ) {
                int n = Math.min(CHUNK, len - done);
                take(n);
                out.write(b, off + done, n);
                done += n;
            }
        }

        @Override
        public String toString() {
            return "ReadBudget(" + bytesPerSecond + " B/s, batches of " + batchBytes() + " B)";
        }
    }
}
