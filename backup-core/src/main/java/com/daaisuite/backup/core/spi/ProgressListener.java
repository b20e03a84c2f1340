package com.daaisuite.backup.core.spi;

/** Receives progress of a dump or restore. Called from the working thread; must be quick. */
@FunctionalInterface
public interface ProgressListener {
    /** A listener that ignores progress. */
    ProgressListener NONE = (bytes, documents) -> {};

    /**
     * @param bytes payload bytes written or read so far (cumulative)
     * @param documents documents written or loaded so far (cumulative)
     */
    void progress(long bytes, long documents);
}
