package com.daaisuite.backup.examples.cli;

import com.daaisuite.backup.core.CollectionContents;
import com.daaisuite.backup.core.SnapshotContents;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code inspect}: what one snapshot holds, per collection, with the contents digests a compliance
 * reviewer files. Read from the sealed manifest when the backup recorded them, else computed by
 * reading the whole archive. Changes nothing.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true, versionProvider = DaaiBackupCli.Version.class,
        description = "Show what a snapshot holds: per collection its type, documents, indexes and contents digest (changes nothing).")
final class InspectCommand extends CliCommand {
    @Option(names = "--storage", required = true, paramLabel = "URI", description = "Where the tenant's archives are.")
    String storage;

    @Mixin
    TenantOptions tenant;

    @Option(names = "--file", required = true, paramLabel = "NAME", description = "The snapshot's file name.")
    String file;

    @Option(names = "--json", description = "Print one JSON object instead of the table.")
    boolean json;

    @Override
    int execute() {
        try (Session s = storageSession(tenant, storage)) {
            SnapshotContents c = s.backups.catalog().contents(Session.OPERATOR, s.tenant.id(), file);
            out().println(json ? json(c) : text(c, s));
            return ExitCodes.OK;
        }
    }

    static String json(SnapshotContents c) {
        StringBuilder b = new StringBuilder("{\n  \"fileName\": ").append(Formats.json(c.snapshot().fileName()))
                .append(",\n  \"label\": ").append(Formats.json(c.snapshot().label().label()))
                .append(",\n  \"createdAt\": ").append(Formats.json(c.createdAt().toString()))
                .append(",\n  \"database\": ").append(Formats.json(c.database()))
                .append(",\n  \"encrypted\": ").append(c.snapshot().encrypted())
                .append(",\n  \"origin\": ").append(Formats.json(c.origin().name()))
                .append(",\n  \"note\": ").append(Formats.json(c.note()))
                .append(",\n  \"actor\": ").append(c.actor().map(Formats::json).orElse("null"))
                .append(",\n  \"digest\": ").append(Formats.json(c.digest()))
                .append(",\n  \"digestsRecorded\": ").append(c.recorded())
                .append(",\n  \"collections\": [");
        for (int i = 0; i < c.collections().size(); i++) {
            CollectionContents x = c.collections().get(i);
            b.append(i == 0 ? "\n" : ",\n").append("    {\"name\": ").append(Formats.json(x.name()))
                    .append(", \"type\": ").append(Formats.json(x.type()))
                    .append(", \"documents\": ").append(x.documents())
                    .append(", \"bytes\": ").append(x.bytes())
                    .append(", \"indexes\": ").append(CompareCommand.jsonList(x.indexNames()))
                    .append(", \"digest\": ").append(Formats.json(x.digest())).append('}');
        }
        return b.append(c.collections().isEmpty() ? "]\n}" : "\n  ]\n}").toString();
    }

    private static String text(SnapshotContents c, Session s) {
        StringBuilder b = new StringBuilder();
        b.append("Snapshot ").append(c.snapshot().fileName()).append(" of tenant ").append(s.tenant.id())
                .append(" (database ").append(c.database()).append(")\n");
        b.append("  taken ").append(Formats.LOCAL.format(c.snapshot().createdAtIn(s.tenant.zone()))).append(", ")
                .append(c.snapshot().label().label()).append(", ")
                .append(Formats.encryption(c.snapshot().encrypted(), Formats.utf8Output()))
                .append(c.actor().map(a -> ", by " + a).orElse("")).append(c.note().isBlank() ? "" : ", note: " + c.note())
                .append('\n');
        b.append("  digest ").append(c.digest()).append(c.recorded() ? " (recorded at backup time)" : " (computed now)")
                .append('\n');
        b.append(String.format("    %-28s %-10s %12s  %-7s %s%n", "Collection", "Type", "Documents", "Indexes", "Contents digest"));
        for (CollectionContents x : c.collections()) {
            b.append(String.format("    %-28s %-10s %,12d  %-7d %s%n", x.name(), x.type(), x.documents(), x.indexNames().size(),
                    x.digest()));
        }
        return b.append("  ").append(c.collections().size()).append(" collection(s)").toString();
    }
}
