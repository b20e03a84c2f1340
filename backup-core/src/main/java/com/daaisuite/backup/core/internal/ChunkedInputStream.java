package com.daaisuite.backup.core.internal;

import java.io.IOException;
import java.io.InputStream;

/** An input stream over a sequence of byte chunks (a pipe's queue, a spill file's sealed chunks). */
abstract class ChunkedInputStream extends InputStream {
    private byte[] chunk = new byte[0];
    private int pos;
    private boolean ended;

    /** @return the next chunk (may be empty), or null at the end */
    abstract byte[] nextChunk() throws IOException;

    private boolean fill() throws IOException {
        while (pos == chunk.length) {
            if (ended) {
                return false;
            }
            byte[] next = nextChunk();
            if (next == null) {
                ended = true;
                return false;
            }
            chunk = next;
            pos = 0;
        }
        return true;
    }

    @Override
    public int read() throws IOException {
        return fill() ? chunk[pos++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int k = Math.min(len, chunk.length - pos);
        System.arraycopy(chunk, pos, b, off, k);
        pos += k;
        return k;
    }
}
