package com.daaisuite.backup.core.spi;

import java.io.InterruptedIOException;

/**
 * The node's read-rate budget ({@code Backups.builder().dumpReadBudget(bytesPerSecond)}) as one dump
 * sees it, for a {@link DatabaseSource} that paces its own reads.
 *
 * <p>Without a source's help the library paces the stream the dump writes into, which holds the
 * source's cursor back only after the source has already read a whole batch: the database still
 * serves each batch in one burst, however low the budget. A source that overrides
 * {@link DatabaseSource#dump(String, java.io.OutputStream, ProgressListener, ReadBudget)} asks the
 * database for batches of at most {@link #batchBytes()} and pays for each batch with
 * {@link #acquire(long)} before it asks for the next, so the database's work is paced batch by batch:
 * in any interval of {@code t} seconds the dump reads at most the bucket's burst, plus
 * {@code bytesPerSecond * t}, plus the one batch in flight. From the first {@link #acquire(long)} of
 * a dump on, the library stops pacing that dump's writes (the bytes are paid once).
 *
 * <p>Implementations are thread-safe: a source may acquire from its reading thread while it writes
 * from another.
 */
public interface ReadBudget {
    /** No budget: batches as large as the source likes, and {@link #acquire(long)} never waits. */
    ReadBudget UNLIMITED = new ReadBudget() {
        @Override
        public boolean limited() {
            return false;
        }

        @Override
        public int batchBytes() {
            return Integer.MAX_VALUE;
        }

        @Override
        public void acquire(long bytes) {
            // nothing to pay
        }

        @Override
        public String toString() {
            return "ReadBudget.UNLIMITED";
        }
    };

    /** @return whether this budget ever waits */
    boolean limited();

    /**
     * The largest batch a source should ask the database for at once, in bytes: small enough that
     * one batch is a short burst of the database's work at this rate (a sixteenth of a second's
     * worth, between 64 KiB and 1 MiB), or {@link Integer#MAX_VALUE} when {@link #limited() unlimited}.
     *
     * @return bytes per read batch, at least 1
     */
    int batchBytes();

    /**
     * Pays for {@code bytes} just read, waiting while the budget is in debt. Call it after each batch
     * and before asking for the next.
     *
     * @param bytes bytes read since the last call, at least 0
     * @throws InterruptedIOException when interrupted while waiting (the backup is being stopped)
     */
    void acquire(long bytes) throws InterruptedIOException;
}
