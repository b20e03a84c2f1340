package com.daaisuite.backup.benchmarks.wave;

/**
 * The application beside the wave, started for one measured window: in the harness's JVM, beside the
 * nodes as in an embedding host ({@link AppWorkload}), or in a JVM of its own ({@link ChildWorkload}),
 * which measures the database's service to other clients without the nodes' garbage collection.
 */
interface Workload {
    /**
     * @param maxSeconds the run stops by itself after this long
     * @param seed which operations, in which order
     * @return the running workload
     */
    Started start(int maxSeconds, long seed);

    /** A running workload. */
    interface Started {
        /** @return what was measured, once the operations in flight have ended */
        Latencies stop();
    }
}
