package com.daaisuite.backup.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A thread-safe clock that stands still until it is moved: build {@code Backups} with it to run
 * schedules in seconds, in tests, demos and staging hosts alike. It lives in {@code backup-api}, which
 * depends on nothing, so that a host using it outside its tests pulls in no test framework.
 */
public class MutableClock extends Clock {
    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    /** @param start the initial instant */
    public MutableClock(Instant start) {
        this(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
    }

    private MutableClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /** @param d how far to move forward (or back, if negative) */
    public void advance(Duration d) {
        now.updateAndGet(i -> i.plus(d));
    }

    /** @param instant the new time */
    public void set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant"));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** A view in another zone that shares this clock's time. */
    @Override
    public Clock withZone(ZoneId z) {
        return new MutableClock(now, z);
    }

    @Override
    public String toString() {
        return "MutableClock[" + now.get() + "]";
    }
}
