package com.daaisuite.backup.examples.cli;

import com.daaisuite.backup.core.DocumentPresence;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code find}: one document (a collection and an {@code _id}) in every snapshot of a tenant, newest
 * first: "when was this invoice last right?". Changes nothing.
 */
@Command(name = "find", mixinStandardHelpOptions = true, versionProvider = DaaiBackupCli.Version.class,
        description = "Find one document (--collection, --id) in every snapshot of a tenant, newest first (changes nothing).")
final class FindCommand extends CliCommand {
    @Option(names = "--storage", required = true, paramLabel = "URI", description = "Where the tenant's archives are.")
    String storage;

    @Mixin
    TenantOptions tenant;

    @Option(names = "--collection", required = true, paramLabel = "C", description = "The collection.")
    String collection;

    @Option(names = "--id", required = true, paramLabel = "ID",
            description = "The document's _id: canonical extended JSON such as {\"$oid\": \"...\"}, or a plain string or number.")
    String id;

    @Option(names = "--json", description = "Print one JSON array, newest first, instead of the table.")
    boolean json;

    @Override
    int execute() {
        List<DocumentPresence> rows;
        try (Session s = storageSession(tenant, storage)) {
            try {
                rows = s.backups.catalog().findDocument(Session.OPERATOR, s.tenant.id(), collection, id);
            } catch (IllegalArgumentException e) {
                throw new CliUsageException("--id: " + e.getMessage(), e);
            }
            out().println(json ? json(rows) : text(rows, s));
        }
        return ExitCodes.OK;
    }

    static String json(List<DocumentPresence> rows) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < rows.size(); i++) {
            DocumentPresence r = rows.get(i);
            b.append(i == 0 ? "\n" : ",\n").append("  {\"fileName\": ").append(Formats.json(r.fileName()))
                    .append(", \"createdAt\": ").append(Formats.json(r.createdAt().toString()))
                    .append(", \"present\": ").append(r.present())
                    .append(", \"digest\": ").append(r.digest().map(Formats::json).orElse("null"))
                    .append(", \"changedFromOlder\": ").append(r.changedFromOlder())
                    .append(", \"read\": ").append(r.read()).append('}');
        }
        return b.append(rows.isEmpty() ? "]" : "\n]").toString();
    }

    private String text(List<DocumentPresence> rows, Session s) {
        if (rows.isEmpty()) {
            return "No snapshots for tenant " + s.tenant.id() + ".";
        }
        StringBuilder b = new StringBuilder("Document " + id + " of " + collection + ", newest first:\n");
        for (DocumentPresence r : rows) {
            b.append(String.format("  %-22s %-44s %-8s %s%s%n",
                    Formats.LOCAL.format(r.createdAt().atZone(s.tenant.zone())), r.fileName(),
                    r.present() ? "present" : "absent", r.digest().map(d -> d.substring(0, 16)).orElse(""),
                    r.changedFromOlder() ? "  (changed from the older snapshot)" : ""));
        }
        return b.append("  ").append(rows.stream().filter(DocumentPresence::read).count()).append(" of ").append(rows.size())
                .append(" archive(s) read; the others were answered from the manifests' digests.").toString();
    }
}
