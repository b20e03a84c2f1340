package com.daaisuite.backup.core;

import java.time.Instant;
import java.util.List;

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
