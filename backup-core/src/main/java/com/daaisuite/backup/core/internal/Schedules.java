package com.daaisuite.backup.core.internal;

import com.daaisuite.backup.core.SnapshotLabel;
import com.daaisuite.backup.core.Snapshot;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;

/**
 * Due-time arithmetic (docs/schedules.md). Every scheduled backup is due at the nightly slot,
 * 01:00 tenant-local:
 * <ul>
 *   <li>no scheduled snapshot yet: today's slot (the local date of {@code now}), so a new tenant is
 *       backed up at the first tick after 01:00;
 *   <li>{@code daily}: the slot of the local day after the last scheduled snapshot;
 *   <li>fixed intervals: the slot of the local day on which {@code last + interval} falls. Snapping to
 *       the slot keeps backups at night even when a tick runs late or a catch-up ran by day.
 * </ul>
 * Whatever the downtime, a due tenant gets one backup, after which the next due time is computed
 * from that backup: missed windows are caught up once, not once each.
 */
public final class Schedules {
    /** The nightly slot, tenant-local. */
    public static final LocalTime SLOT = LocalTime.of(1, 0);

    private Schedules() {}

    /**
     * @param frequency the tenant's frequency
     * @param zone the tenant's zone
     * @param lastScheduled creation time of the newest scheduled snapshot, if any
     * @param now the current time (used only when there is none)
     * @return when the next scheduled backup is due
     */
    public static Instant nextDue(SnapshotLabel frequency, ZoneId zone, Optional<Instant> lastScheduled, Instant now) {
        if (lastScheduled.isEmpty()) {
            return slot(LocalDate.ofInstant(now, zone), zone);
        }
        Instant last = lastScheduled.get();
        if (frequency == SnapshotLabel.DAILY) {
            return slot(LocalDate.ofInstant(last, zone).plusDays(1), zone);
        }
        return slot(LocalDate.ofInstant(last.plus(frequency.interval()), zone), zone);
    }

    /**
     * @param snapshots a tenant's snapshots
     * @return the creation time of the newest scheduled one
     */
    public static Optional<Instant> lastScheduled(List<Snapshot> snapshots) {
        return snapshots.stream().filter(s -> s.label().scheduled()).map(Snapshot::createdAt).max(Instant::compareTo);
    }

    /** 01:00 on a local date; in a DST gap this resolves to the first valid instant after it. */
    static Instant slot(LocalDate date, ZoneId zone) {
        return ZonedDateTime.of(date, SLOT, zone).toInstant();
    }
}
