package com.daaisuite.backup.examples.cli;

import com.daaisuite.backup.core.SnapshotLabel;
import com.daaisuite.backup.core.Tenant;
import java.time.DateTimeException;
import java.time.ZoneId;
import picocli.CommandLine.Option;

/**
 * The one tenant a command works on. The CLI has no host tenant directory, so it builds one from
 * these options: the workspace name (what {@code restore --confirm} must match) defaults to the
 * tenant id, the zone to the product's default ({@link Tenant#DEFAULT_ZONE_ID}) and the schedule to 24-hour.
 */
final class TenantOptions {
    @Option(names = "--tenant", required = true, paramLabel = "ID",
            description = "The tenant (workspace) id: its storage folder is <ID>/db-backups/.")
    String tenantId;

    @Option(names = "--workspace", paramLabel = "NAME",
            description = "The workspace's display name, which restore --confirm must match (default: the tenant id).")
    String workspace;

    @Option(names = "--zone", paramLabel = "ZONE",
            description = "The tenant's time zone for dates and schedules (default: ${DEFAULT-VALUE}).",
            defaultValue = Tenant.DEFAULT_ZONE_ID)
    String zone;

    @Option(names = "--frequency", paramLabel = "LABEL",
            description = "The tenant's schedule, for 'next due' and retention: monthly, 15-day, 7-day, 3-day, 24-hour,"
                    + " daily (default: ${DEFAULT-VALUE}).",
            defaultValue = "24-hour")
    String frequency;

    ZoneId zoneId() {
        try {
            return ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new CliUsageException("--zone '" + zone + "' is not a time zone; use a region id such as Asia/Kolkata or Europe/Berlin.", e);
        }
    }

    SnapshotLabel frequencyValue() {
        try {
            return SnapshotLabel.frequencyFromLabel(frequency);
        } catch (IllegalArgumentException e) {
            throw new CliUsageException("--frequency: " + e.getMessage() + ".", e);
        }
    }

    String workspaceName() {
        return workspace != null && !workspace.isBlank() ? workspace : tenantId;
    }

    /**
     * @param databaseName the tenant's database, or null for commands without one (the tenant id is used:
     *     those commands never touch a database)
     * @return the tenant
     */
    Tenant tenant(String databaseName) {
        SnapshotLabel f = frequencyValue();
        ZoneId z = zoneId();
        String db = databaseName != null && !databaseName.isBlank() ? databaseName : tenantId;
        try {
            return Tenant.builder(tenantId).workspaceName(workspaceName()).databaseName(db).frequency(f).zone(z)
                    .sandbox(f.sandboxOnly()).build();
        } catch (IllegalArgumentException e) {
            throw new CliUsageException(e.getMessage(), e);
        }
    }
}
