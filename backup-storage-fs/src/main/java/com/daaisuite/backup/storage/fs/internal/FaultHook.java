package com.daaisuite.backup.storage.fs.internal;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Called before the filesystem operations that can fail in ways hard to provoke on a healthy disk,
 * so that tests can simulate a full disk or a filesystem without hard links. Production uses
 * {@link #NONE}.
 */
public interface FaultHook {

    /** Does nothing. */
    FaultHook NONE = new FaultHook() { };

    /**
     * @param temp the temporary file
     * @param position bytes already written to it
     * @param length bytes about to be written
     * @throws IOException to make the write fail
     */
    default void beforeWrite(Path temp, long position, int length) throws IOException {}

    /**
     * @param target the final name
     * @param temp the temporary file about to be linked to it
     * @throws IOException to make the hard link fail
     */
    default void beforeLink(Path target, Path temp) throws IOException {}
}
