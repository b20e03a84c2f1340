package com.daaisuite.backup.core.internal;

import com.daaisuite.backup.BackupException;
import com.daaisuite.backup.IntegrityException;
import java.util.function.Function;

/** Which exception a failure is reported as. */
final class Failures {
    private Failures() {}

    /** The most specific exception to report: an integrity failure anywhere in the chain wins. */
    static RuntimeException specific(Throwable e, Function<Throwable, RuntimeException> otherwise) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof IntegrityException ie) {
                return ie;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        if (e instanceof BackupException be) {
            return be;
        }
        return otherwise.apply(e);
    }
}
