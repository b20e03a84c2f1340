package com.daaisuite.backup.examples.cli;

import com.daaisuite.backup.core.CollectionComparison;
import com.daaisuite.backup.core.SnapshotComparison;
import com.daaisuite.backup.core.SnapshotCatalog;
import com.daaisuite.backup.core.StorageUris;
import com.daaisuite.backup.core.Tenant;
import com.mongodb.client.MongoClient;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code compare}: what differs between two snapshots ({@code --to B}) or between a snapshot and the
 * live database ({@code --live --mongo URI --db DB}), per collection, matched by {@code _id}. Changes
 * nothing.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, versionProvider = DaaiBackupCli.Version.class,
        description = "Compare a snapshot with another (--to) or with the live database (--live), per collection (changes nothing).")
final class CompareCommand extends CliCommand {
    @Option(names = "--storage", required = true, paramLabel = "URI", description = "Where the tenant's archives are.")
    String storage;

    @Mixin
    TenantOptions tenant;

    @Option(names = "--file", required = true, paramLabel = "A", description = "The snapshot to compare (A).")
    String file;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Other other;

    static final class Other {
        @Option(names = "--to", required = true, paramLabel = "B", description = "The snapshot to compare with (B).")
        String to;

        @ArgGroup(exclusive = false, multiplicity = "1")
        Live live;
    }

    static final class Live {
        @Option(names = "--live", required = true, description = "Compare with the live database (B) instead of a snapshot.")
        boolean live;

        @Option(names = "--mongo", required = true, paramLabel = "URI", description = "MongoDB connection string of the live database.")
        String uri;

        @Option(names = "--db", required = true, paramLabel = "DB", description = "The tenant's database.")
        String db;

        MongoOptions mongo() {
            MongoOptions m = new MongoOptions();
            m.uri = uri;
            m.db = db;
            return m;
        }
    }

    @Option(names = "--samples", paramLabel = "N", defaultValue = "5",
            description = "How many _ids of each kind to show per collection, 0.." + SnapshotCatalog.MAX_SAMPLES + " (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--json", description = "Print one JSON object instead of the table.")
    boolean json;

    @Override
    int execute() {
        if (samples < 0 || samples > SnapshotCatalog.MAX_SAMPLES) {
            throw new CliUsageException("--samples must be 0.." + SnapshotCatalog.MAX_SAMPLES + ", got " + samples + ".");
        }
        SnapshotComparison c;
        if (other.to != null) {
            try (Session s = storageSession(tenant, storage)) {
                c = s.backups.catalog().compare(Session.OPERATOR, s.tenant.id(), file, other.to, samples);
            }
        } else {
            MongoOptions mongo = other.live.mongo();
            Tenant t = tenant.tenant(mongo.db);
            MongoClient client = mongo.client();
            try (Session s = Session.open(t, StorageUris.open(storage), mongo.source(client), keys(), mongo.lock(client))) {
                c = s.backups.catalog().compareWithLive(Session.OPERATOR, t.id(), file, samples);
            } finally {
                client.close();
            }
        }
        out().println(json ? json(c) : text(c));
        return ExitCodes.OK;
    }

    static String jsonList(List<String> items) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < items.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(Formats.json(items.get(i)));
        }
        return b.append(']').toString();
    }

    /** Samples are _ids in canonical extended JSON: embedded as JSON values, not as strings. */
    private static String rawList(List<String> items) {
        return "[" + String.join(", ", items) + "]";
    }

    static String json(SnapshotComparison c) {
        StringBuilder b = new StringBuilder("{\n  \"a\": ").append(Formats.json(c.a()))
                .append(",\n  \"b\": ").append(Formats.json(c.b()))
                .append(",\n  \"same\": ").append(c.same())
                .append(",\n  \"collections\": [");
        for (int i = 0; i < c.collections().size(); i++) {
            CollectionComparison x = c.collections().get(i);
            b.append(i == 0 ? "\n" : ",\n").append("    {\"name\": ").append(Formats.json(x.name()))
                    .append(", \"status\": ").append(Formats.json(x.status().name().toLowerCase(Locale.ROOT)))
                    .append(", \"onlyInA\": ").append(x.onlyInA())
                    .append(", \"onlyInB\": ").append(x.onlyInB())
                    .append(", \"changed\": ").append(x.changed())
                    .append(", \"same\": ").append(x.same())
                    .append(", \"samples\": {\"onlyInA\": ").append(rawList(x.samplesOnlyInA()))
                    .append(", \"onlyInB\": ").append(rawList(x.samplesOnlyInB()))
                    .append(", \"changed\": ").append(rawList(x.samplesChanged())).append('}')
                    .append(", \"indexesOnlyInA\": ").append(jsonList(x.indexesOnlyInA()))
                    .append(", \"indexesOnlyInB\": ").append(jsonList(x.indexesOnlyInB())).append('}');
        }
        return b.append(c.collections().isEmpty() ? "]\n}" : "\n  ]\n}").toString();
    }

    private static String text(SnapshotComparison c) {
        StringBuilder b = new StringBuilder("A = ").append(c.a()).append(", B = ")
                .append(c.b().equals(SnapshotComparison.LIVE) ? "the live database" : c.b()).append('\n');
        b.append(String.format("    %-28s %-8s %10s %10s %10s %10s%n", "Collection", "Status", "Only in A", "Only in B",
                "Changed", "Same"));
        for (CollectionComparison x : c.collections()) {
            b.append(String.format("    %-28s %-8s %,10d %,10d %,10d %,10d%n", x.name(), x.status().name().toLowerCase(Locale.ROOT),
                    x.onlyInA(), x.onlyInB(), x.changed(), x.same()));
            sample(b, "only in A", x.samplesOnlyInA());
            sample(b, "only in B", x.samplesOnlyInB());
            sample(b, "changed", x.samplesChanged());
            if (!x.indexesOnlyInA().isEmpty() || !x.indexesOnlyInB().isEmpty()) {
                b.append("        indexes only in A ").append(x.indexesOnlyInA()).append(", only in B ")
                        .append(x.indexesOnlyInB()).append('\n');
            }
        }
        return b.append(c.same() ? "  Same everywhere." : "  Differences above.").toString();
    }

    private static void sample(StringBuilder b, String what, List<String> ids) {
        if (!ids.isEmpty()) {
            b.append("        ").append(what).append(": ").append(String.join(", ", ids)).append('\n');
        }
    }
}
