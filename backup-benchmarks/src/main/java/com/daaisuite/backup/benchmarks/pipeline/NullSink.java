package com.daaisuite.backup.benchmarks.pipeline;

import java.io.OutputStream;

/** Counts the bytes written and drops them: the cheapest possible end of a pipeline. */
public final class NullSink extends OutputStream {
    private long count;

    @Override
    public void write(int b) {
        count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        count += len;
    }

    /** @return bytes written so far */
    public long count() {
        return count;
    }
}
