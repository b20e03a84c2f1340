package com.daaisuite.backup.core.internal;

import java.util.concurrent.TimeUnit;

/**
 * The time a {@link DumpBudget} paces by: a monotonic reading and a way to wait. The engine uses
 * {@link #SYSTEM}; a specification substitutes a simulated one, so that it can state how many bytes
 * passed in how much time without measuring wall-clock time.
 */
public interface Pacing {
    /** {@link System#nanoTime()} and {@link TimeUnit#sleep}. */
    Pacing SYSTEM = new Pacing() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleepNanos(long nanos) throws InterruptedException {
            TimeUnit.NANOSECONDS.sleep(nanos);
        }
    };

    /** @return a monotonic time in nanoseconds */
    long nanoTime();

    /**
     * Waits about {@code nanos} nanoseconds.
     *
     * @param nanos how long, &gt; 0
     * @throws InterruptedException when the waiting thread is interrupted (a closing {@code Backups})
     */
    void sleepNanos(long nanos) throws InterruptedException;
}
