package com.daaisuite.backup.examples.cli;

import com.daaisuite.backup.core.PruneReport;
import com.daaisuite.backup.core.Snapshot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code prune}: applies the default retention policy now (or shows what it would delete). */
@Command(name = "prune", mixinStandardHelpOptions = true, versionProvider = DaaiBackupCli.Version.class, description = "Delete snapshots the retention policy no longer keeps (pinned and newest are always kept).")
final class PruneCommand extends CliCommand {
    @Option(names = "--storage", required = true, paramLabel = "URI", description = "Where the archives are.")
    String storage;

    @Mixin
    TenantOptions tenant;

    @Option(names = "--dry-run", description = "Only show what would be deleted.")
    boolean dryRun;

    @Override
    int execute() {
        try (Session s = storageSession(tenant, storage)) {
            PruneReport r = s.backups.catalog().prune(Session.OPERATOR, s.tenant.id(), dryRun);
            String verb = r.dryRun() ? "Would delete" : "Deleted";
            out().println(verb + " " + r.pruned().size() + " snapshot(s) of tenant " + r.tenantId() + "; keeping "
                    + r.kept().size() + ".");
            for (Snapshot sn : r.pruned()) {
                out().println("  " + (r.dryRun() ? "would delete " : "deleted ") + sn.fileName() + "  ("
                        + sn.label().label() + ", " + Formats.LOCAL.format(sn.createdAtIn(s.tenant.zone())) + ", "
                        + Formats.bytes(sn.sizeBytes()) + ")");
            }
            if (r.dryRun() && !r.pruned().isEmpty()) {
                out().println("Run again without --dry-run to delete them.");
            }
            return ExitCodes.OK;
        }
    }
}
