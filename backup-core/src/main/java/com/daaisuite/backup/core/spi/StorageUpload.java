package com.daaisuite.backup.core.spi;

import java.io.IOException;
import java.io.OutputStream;

/**
 * An upload in progress. Bytes written become visible under the key only when {@link #commit()}
 * returns; {@link #abort()}, or {@link #close()} without a commit, leaves nothing behind (no
 * temporary file, no multipart upload).
 *
 * <p>Not thread-safe: one writer.
 */
public abstract class StorageUpload extends OutputStream {

    /**
     * Makes the object visible atomically. Create-only: if an object already exists under the key,
     * nothing is overwritten and {@link com.daaisuite.backup.core.ObjectExistsException} is thrown
     * (after the upload has been discarded).
     *
     * @return the committed object's size and time
     * @throws IOException if the upload cannot be completed; nothing is then visible
     */
    public abstract StorageObject commit() throws IOException;

    /** Discards everything written. Idempotent; never throws for an upload already finished. */
    public abstract void abort();

    /** Closing without {@link #commit()} aborts. Closing after commit does nothing. */
    @Override
    public abstract void close();
}
