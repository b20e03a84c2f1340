package com.daaisuite.backup.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The outcome of one restore drill ({@link DrillService}): a snapshot restored into a scratch database
 * through the same proof and load path as a real restore, then every collection's count, contents
 * digest and indexes checked against what the snapshot recorded. Kept beside the snapshot (sealed like
 * its manifest), so it survives restarts: {@link BackupStatus#lastDrill()}, {@link SnapshotInfo}'s
 * "proven restorable on" and the health's drill input read it back.
 *
 * <p>A drill that could not run (the server unreachable, the scratch name taken, the tenant busy) has
 * no result: it throws, and proves nothing either way.
 *
 * @param tenantId the tenant
 * @param fileName the snapshot drilled
 * @param startedAt when the drill began
 * @param duration how long it took, scratch database dropped included (kept to the millisecond)
 * @param passed whether the snapshot proved restorable
 * @param reason why it did not (empty when it passed)
 * @param scratchDatabase the database it was restored into, and dropped
 * @param documents the documents restored into the scratch database (0 when the proof failed)
 * @param counts documents per collection, as restored (empty when the proof failed)
 * @param digestsRecorded true when the expected digests came from the snapshot's sealed manifest, false
 *     when they were computed from the archive (a snapshot older than recorded digests)
 */
public record DrillResult(String tenantId, String fileName, Instant startedAt, Duration duration, boolean passed,
        Optional<String> reason, String scratchDatabase, long documents, Map<String, Long> counts, boolean digestsRecorded) {

    /** Validates: names present, a failure has a reason and a pass has none, counts not negative. */
    public DrillResult {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(scratchDatabase, "scratchDatabase");
        if (passed == reason.isPresent()) {
            throw new IllegalArgumentException("a drill that passed has no reason, one that failed has one");
        }
        if (documents < 0 || duration.isNegative()) {
            throw new IllegalArgumentException("documents and duration must not be negative");
        }
        counts = Map.copyOf(new TreeMap<>(counts));
        // Kept to the millisecond, as it is stored: a result read back equals the one returned.
        duration = duration.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    /** @return when the drill ended */
    public Instant finishedAt() {
        return startedAt.plus(duration);
    }

    /** @return what {@link BackupHealth} needs of it ({@link BackupHealthCheck.Builder#lastDrill}) */
    public BackupHealth.DrillVerdict verdict() {
        return new BackupHealth.DrillVerdict(passed, startedAt, fileName, reason.orElse(
                "restored " + documents + " documents in " + counts.size() + " collections; counts, digests and indexes match"));
    }
}
