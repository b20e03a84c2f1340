package com.daaisuite.backup.core;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Restore drills (docs/operations.md, "The restore drill"): proof that a snapshot restores, not just
 * that its bytes are intact. A drill restores the newest (or a named) snapshot into a scratch database
 * on the tenant's server, named by {@link Backups.Builder#drillDatabase(String)} (default
 * {@code <db>__daai_drill}; never the live database, refused if it exists), through the same proof and
 * load path as {@link RestoreService#restore}; then checks every collection's count, contents digest
 * and index names against what the snapshot recorded (its sealed manifest, or computed from the archive
 * for an older snapshot), and drops the scratch database on every exit path. A process killed
 * mid-drill leaves a marker in the tenant's folder; the next drill or {@link #runDue} tick drops the
 * scratch database it names.
 *
 * <p>A drill runs under the tenant's lock (never beside a restore or backup of the tenant) and one at a
 * time per {@link Backups} instance. It needs {@link Permission#RESTORE}: it writes a database on the
 * tenant's server and reads every document, as a restore does, but never touches the live database.
 */
public interface DrillService {
    /** The default scratch database name: the tenant's database name followed by {@value #SCRATCH_SUFFIX}. */
    String DEFAULT_DATABASE_PATTERN = "{db}__daai_drill";

    /** The suffix of the default scratch name. */
    String SCRATCH_SUFFIX = "__daai_drill";

    /**
     * Drills the tenant's newest snapshot.
     *
     * @param actor who asks; needs {@link Permission#RESTORE}
     * @param tenantId the tenant
     * @return the result, passed or failed with the reason; also kept beside the snapshot
     * @throws SnapshotNotFoundException when the tenant has no snapshot
     * @throws ScratchDatabaseExistsException when the scratch database exists and is not a drill's leftover
     * @throws BackupInProgressException when the tenant's lock is held (a backup or restore runs)
     * @throws com.daaisuite.backup.BackupException when the drill could not run (storage or server unreachable)
     */
    DrillResult drill(Actor actor, String tenantId);

    /**
     * Drills a named snapshot.
     *
     * @param actor who asks; needs {@link Permission#RESTORE}
     * @param tenantId the tenant
     * @param fileName the snapshot's file name
     * @return the result, as {@link #drill(Actor, String)}
     */
    DrillResult drill(Actor actor, String tenantId, String fileName);

    /**
     * The tenant's last drill, from what the drills kept beside the snapshots (results whose seal does not
     * open are ignored and logged). Changes nothing. Needs {@link Permission#VIEW}.
     *
     * @param actor who asks
     * @param tenantId the tenant
     * @return the drill that started last, if any
     */
    Optional<DrillResult> lastDrill(Actor actor, String tenantId);

    /**
     * Runs the drills that are due at {@code now}: each active, non-sandbox tenant that has a snapshot and
     * whose last drill started at least {@link Backups.Builder#drillEvery} before {@code now} (or that was
     * never drilled). Also removes a scratch database a killed drill left. One at a time, as the builder's
     * system actor; a tenant whose lock is held is skipped until the next tick. {@link Backups#runDue}
     * calls this after the backups.
     *
     * @param now the tick's time
     * @return the drills that ran
     */
    List<DrillResult> runDue(Instant now);
}
