/** {@link com.daaisuite.backup.time.MutableClock}, the settable clock, with no dependencies. */
package com.daaisuite.backup.time;
