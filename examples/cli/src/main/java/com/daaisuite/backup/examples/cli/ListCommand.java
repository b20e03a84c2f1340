package com.daaisuite.backup.examples.cli;

import com.daaisuite.backup.core.Snapshot;
import java.time.format.DateTimeFormatter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code list}: the Backups table, from the storage listing and the pre-restore snapshots' manifests (no archive is downloaded). */
@Command(name = "list", mixinStandardHelpOptions = true, versionProvider = DaaiBackupCli.Version.class, description = "List a tenant's snapshots, newest first (read from the storage listing, and the manifests of pre-restore snapshots).")
final class ListCommand extends CliCommand {
    @Option(names = "--storage", required = true, paramLabel = "URI", description = "Where the archives are: file:/path, s3://bucket/prefix or a folder.")
    String storage;

    @Mixin
    TenantOptions tenant;

    @Option(names = "--json", description = "Print JSON (one array) instead of the table.")
    boolean json;

    @Override
    int execute() {
        try (Session s = storageSession(tenant, storage)) {
            List<Snapshot> list = s.backups.catalog().list(Session.OPERATOR, s.tenant.id());
            if (json) {
                printJson(list, s);
            } else if (list.isEmpty()) {
                out().println("No snapshots for tenant " + s.tenant.id() + " in " + s.storage.describe() + ".");
            } else {
                Formats.table(list, s.tenant.zone(), Formats.utf8Output()).forEach(out()::println);
                out().println(list.size() + " snapshot(s); times in " + s.tenant.zone() + ".");
                // The safety backups of partial restores: restorable only collection by collection.
                for (Snapshot sn : list) {
                    onlyCollections(s, sn).ifPresent(only -> out().println(sn.fileName() + " holds only collections "
                            + String.join(", ", only) + " (the safety backup of a partial restore): restore it with --collections "
                            + String.join(",", only) + "."));
                }
                // The last restore drill, read from its record beside the snapshot (no archive is read).
                s.backups.drills().lastDrill(Session.OPERATOR, s.tenant.id()).ifPresent(d -> out().println(d.passed()
                        ? "Proven restorable on " + Formats.LOCAL.format(d.startedAt().atZone(s.tenant.zone())) + ": " + d.fileName()
                                + " (last restore drill)."
                        : "Last restore drill FAILED on " + Formats.LOCAL.format(d.startedAt().atZone(s.tenant.zone())) + ": "
                                + d.fileName() + " is not proven restorable (see daai-backup status)."));
            }
            return ExitCodes.OK;
        }
    }

    /** Only pre-restore snapshots can be partial: their (small) manifests are read, no other. */
    private static java.util.Optional<List<String>> onlyCollections(Session s, Snapshot sn) {
        if (sn.label() != com.daaisuite.backup.core.SnapshotLabel.PRE_RESTORE) {
            return java.util.Optional.empty();
        }
        try {
            return s.backups.catalog().inspect(Session.OPERATOR, s.tenant.id(), sn.fileName()).manifest()
                    .flatMap(com.daaisuite.backup.core.SnapshotManifest::onlyCollections);
        } catch (com.daaisuite.backup.BackupException unreadable) {
            // The list still lists; verify, inspect and restore report what is wrong with this snapshot.
            return java.util.Optional.empty();
        }
    }

    private void printJson(List<Snapshot> list, Session s) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < list.size(); i++) {
            Snapshot sn = list.get(i);
            b.append(i == 0 ? "\n" : ",\n").append("  {")
                    .append("\"tenantId\": ").append(Formats.json(sn.tenantId()))
                    .append(", \"fileName\": ").append(Formats.json(sn.fileName()))
                    .append(", \"label\": ").append(Formats.json(sn.label().label()))
                    .append(", \"createdAt\": ").append(Formats.json(sn.createdAt().toString()))
                    .append(", \"createdAtLocal\": ")
                    .append(Formats.json(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(sn.createdAtIn(s.tenant.zone()))))
                    .append(", \"zone\": ").append(Formats.json(s.tenant.zone().getId()))
                    .append(", \"sizeBytes\": ").append(sn.sizeBytes())
                    .append(", \"encrypted\": ").append(sn.encrypted())
                    .append(", \"pinned\": ").append(sn.pinned())
                    .append(", \"warning\": ").append(sn.warning().map(Formats::json).orElse("null"))
                    .append(", \"onlyCollections\": ").append(onlyCollections(s, sn).map(CompareCommand::jsonList).orElse("null"))
                    .append('}');
        }
        b.append(list.isEmpty() ? "]" : "\n]");
        out().println(b);
    }
}
