package com.daaisuite.backup.core;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * What the "Database Backups" screen shows at the top. {@link BackupHealth#of} turns it into a health
 * state with reasons an operator can act on.
 *
 * @param tenantId the tenant
 * @param keyConfigured false shows the yellow banner: new backups will fail
 * @param keyProblem why the key is not usable, when it is not (never key material)
 * @param lastSnapshot the newest snapshot, if any
 * @param nextDue when the next scheduled backup is due (may be in the past: overdue)
 * @param lastFailure the most recent backup failure since the last success, known to this instance
 * @param running true while a backup or restore of the tenant runs on this instance
 * @param recovery the most recent recovery of an interrupted restore of the tenant on this instance (the status
 *     call itself finishes one it finds), if any
 * @param consistencyNotice shown once on the screen (not an event per backup) when the newest
 *     snapshot is not point-in-time consistent, saying why (for example a standalone server, which
 *     cannot read a snapshot at one point in time) and what to do; empty otherwise
 * @param zone the tenant's time zone, to show {@link #lastSnapshot()} and {@link #nextDue()} in
 * @param active false when the tenant is suspended: no scheduled backups are taken, so it is never late
 * @param lastDrill the tenant's last restore drill ({@link DrillService}), kept beside its snapshot, if any
 */
public record BackupStatus(String tenantId, boolean keyConfigured, Optional<String> keyProblem,
        Optional<Snapshot> lastSnapshot, Instant nextDue, Optional<String> lastFailure, boolean running,
        Optional<RecoveryReport> recovery, Optional<String> consistencyNotice, ZoneId zone, boolean active,
        Optional<DrillResult> lastDrill) {

    public BackupStatus {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(lastDrill, "lastDrill");
    }

    /** A status without a drill, as before drills were part of it. */
    public BackupStatus(String tenantId, boolean keyConfigured, Optional<String> keyProblem, Optional<Snapshot> lastSnapshot,
            Instant nextDue, Optional<String> lastFailure, boolean running, Optional<RecoveryReport> recovery,
            Optional<String> consistencyNotice, ZoneId zone, boolean active) {
        this(tenantId, keyConfigured, keyProblem, lastSnapshot, nextDue, lastFailure, running, recovery, consistencyNotice, zone,
                active, Optional.empty());
    }

    /**
     * @param drill the tenant's last restore drill
     * @return this status with {@link #lastDrill()} set
     */
    public BackupStatus withLastDrill(Optional<DrillResult> drill) {
        return new BackupStatus(tenantId, keyConfigured, keyProblem, lastSnapshot, nextDue, lastFailure, running, recovery,
                consistencyNotice, zone, active, drill);
    }

    /**
     * A status of an active tenant in {@link Tenant#DEFAULT_ZONE}, as before the zone and the active flag were
     * part of it.
     */
    public BackupStatus(String tenantId, boolean keyConfigured, Optional<String> keyProblem, Optional<Snapshot> lastSnapshot,
            Instant nextDue, Optional<String> lastFailure, boolean running, Optional<RecoveryReport> recovery,
            Optional<String> consistencyNotice) {
        this(tenantId, keyConfigured, keyProblem, lastSnapshot, nextDue, lastFailure, running, recovery, consistencyNotice,
                Tenant.DEFAULT_ZONE, true);
    }

    /** A status without recovery information or consistency notice. */
    public BackupStatus(String tenantId, boolean keyConfigured, Optional<String> keyProblem, Optional<Snapshot> lastSnapshot,
            Instant nextDue, Optional<String> lastFailure, boolean running) {
        this(tenantId, keyConfigured, keyProblem, lastSnapshot, nextDue, lastFailure, running, Optional.empty(), Optional.empty());
    }
}
