package com.daaisuite.backup.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Decides which snapshots to delete. Pluggable; {@link #defaults()} is the documented default table
 * (docs/retention.md).
 *
 * <p>Whatever a policy returns, the library never deletes a pinned snapshot or the newest snapshot
 * of a tenant: those are filtered out after the policy has spoken.
 */
@FunctionalInterface
public interface RetentionPolicy {

    /**
     * @param tenant the tenant
     * @param snapshots all of its snapshots, newest first
     * @param now the current time
     * @return the snapshots to delete
     */
    List<Snapshot> selectForDeletion(Tenant tenant, List<Snapshot> snapshots, Instant now);

    /**
     * How long this policy keeps the safety snapshot taken before every restore, when it can say:
     * the restore warning and the tools quote it, so the promise shown to the operator is the
     * policy's own. Empty (the default for a custom policy) makes them say "as the retention policy
     * decides".
     *
     * @return the pre-restore retention, if this policy has a fixed one
     */
    default Optional<Duration> preRestoreRetention() {
        return Optional.empty();
    }

    /**
     * The promise about the pre-restore safety snapshot in this policy's own terms: the one wording
     * the restore warning, the CLI and hosts show.
     *
     * @return for example {@code "kept for 7 days"}, or {@code "kept as the retention policy decides"}
     */
    default String preRestoreRetentionText() {
        return preRestoreRetention().map(d -> "kept for " + d.toDays() + (d.toDays() == 1 ? " day" : " days"))
                .orElse("kept as the retention policy decides");
    }

    /**
     * How long each snapshot is kept under this policy, for display beside it: the same rule as
     * {@link #selectForDeletion}, stated as a date ("kept until"), a count ("while among the 14
     * newest"), or both. The engine adds its own protections (pinned, the newest) afterwards. The
     * default, for a policy that cannot explain itself, marks what it would delete now as due and
     * says nothing more about the rest.
     *
     * @param tenant the tenant
     * @param snapshots all of its snapshots, newest first
     * @param now the current time
     * @return a promise per snapshot file name, for every snapshot given
     */
    default java.util.Map<String, SnapshotRetention> promises(Tenant tenant, List<Snapshot> snapshots, Instant now) {
        java.util.Set<String> due = new java.util.HashSet<>();
        selectForDeletion(tenant, snapshots, now).forEach(s -> due.add(s.fileName()));
        java.util.Map<String, SnapshotRetention> out = new java.util.LinkedHashMap<>();
        for (Snapshot s : snapshots) {
            out.put(s.fileName(), SnapshotRetention.asPolicyDecides(s.label(), due.contains(s.fileName())));
        }
        return out;
    }

    /**
     * The default policy: per scheduled label, keep the newest N (monthly 6, 15-day 6, 7-day 8,
     * 3-day 10, 24-hour 14, daily 7); manual: keep the newest 10 and every one younger than 7 days;
     * pre-restore: keep 7 days.
     *
     * @return the default policy
     */
    static RetentionPolicy defaults() {
        return com.daaisuite.backup.core.internal.DefaultRetentionPolicy.INSTANCE;
    }
}
