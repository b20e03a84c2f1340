package com.daaisuite.backup.core;

import java.util.List;

/**
 * What retention deleted, or would delete in a dry run.
 *
 * @param tenantId the tenant
 * @param dryRun true if nothing was deleted
 * @param pruned the snapshots deleted (or that would be)
 * @param kept the snapshots kept
 */
public record PruneReport(String tenantId, boolean dryRun, List<Snapshot> pruned, List<Snapshot> kept) {
    public PruneReport {
        pruned = List.copyOf(pruned);
        kept = List.copyOf(kept);
    }
}
