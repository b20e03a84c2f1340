package com.daaisuite.backup.storage.s3.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import software.amazon.awssdk.core.ResponseInputStream;

/**
 * An object's bytes. Closing before the end aborts the HTTP connection instead of letting the client
 * drain the rest of a possibly huge object just to reuse the connection.
 */
public final class AbortOnCloseInputStream extends FilterInputStream {

    private final ResponseInputStream<?> response;
    private boolean atEnd;

    /** @param response the GetObject response stream */
    public AbortOnCloseInputStream(ResponseInputStream<?> response) {
        super(response);
        this.response = response;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
            atEnd = true;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n < 0) {
            atEnd = true;
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        if (!atEnd) {
            response.abort();
        }
        super.close();
    }
}
