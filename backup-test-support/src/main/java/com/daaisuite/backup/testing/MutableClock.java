package com.daaisuite.backup.testing;

import java.time.Instant;

/**
 * The settable clock's old home.
 *
 * @deprecated use {@link com.daaisuite.backup.time.MutableClock} from {@code backup-api}: the same clock,
 *     without this module's test frameworks on the class path. This alias will be removed.
 */
@Deprecated
public final class MutableClock extends com.daaisuite.backup.time.MutableClock {
    /** @param start the initial instant */
    public MutableClock(Instant start) {
        super(start);
    }
}
