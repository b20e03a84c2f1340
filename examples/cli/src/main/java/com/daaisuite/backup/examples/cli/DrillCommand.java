package com.daaisuite.backup.examples.cli;

import com.daaisuite.backup.core.DrillResult;
import com.daaisuite.backup.core.spi.DatabaseSource;
import com.daaisuite.backup.core.StorageUris;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.spi.StorageBackend;
import com.mongodb.client.MongoClient;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code drill}: restores the newest (or a named) snapshot into a scratch database on the tenant's
 * server, checks every collection's count, contents digest and indexes against what the snapshot
 * recorded, and drops the scratch database (the library's {@code DrillService}). The live database is
 * never touched. Exit 0 when the snapshot proved restorable, 3 when it did not, 1 when the drill could
 * not run (whatever the reason: a drill that did not run proves nothing either way).
 */
@Command(name = "drill", mixinStandardHelpOptions = true, versionProvider = DaaiBackupCli.Version.class,
        description = "Prove a snapshot restorable: restore it into a scratch database, check counts, digests and indexes"
                + " against what it recorded, drop the scratch database (the live database is never touched).")
final class DrillCommand extends CliCommand {
    @Option(names = "--storage", required = true, paramLabel = "URI", description = "Where the tenant's archives are.")
    String storage;

    @Mixin
    TenantOptions tenant;

    @Option(names = "--mongo", required = true, paramLabel = "URI",
            description = "The tenant's MongoDB server, such as mongodb://host:27017; the scratch database is made there.")
    String mongo;

    @Option(names = "--db", paramLabel = "NAME",
            description = "The tenant's database, which names the scratch database <NAME>__daai_drill (default: the tenant id)."
                    + " It is never read or written.")
    String db;

    @Option(names = "--lock", paramLabel = "DB.COLLECTION",
            description = "Share the app's MongoBackupLock collection, so the drill never overlaps a backup or restore"
                    + " the app runs. Default: a lock inside this process only.")
    String lock;

    @Option(names = "--file", paramLabel = "NAME", description = "The snapshot to drill (default: the newest).")
    String file;

    @Option(names = "--json", description = "Print one JSON object instead of the text.")
    boolean json;

    @Override
    int execute() {
        DrillResult r;
        try {
            r = run();
        } catch (RuntimeException e) {
            // Whatever stopped it (usage, storage, server, key, busy, an existing scratch database): not proven either
            // way, and the contract's exit code for that is 1.
            out().flush();
            err().println("daai-backup: the drill could not run: " + ExitCodes.oneLine(e));
            if (root.verbose) {
                e.printStackTrace(err());
            }
            err().flush();
            return ExitCodes.FAILURE;
        }
        out().println(json ? json(r) : text(r, scratchLeft));
        if (!r.passed()) {
            err().println("daai-backup: " + r.fileName() + " is NOT proven restorable: " + r.reason().orElse("")
                    + ". Do not rely on it; drill another snapshot and take a new backup.");
            return ExitCodes.INTEGRITY;
        }
        return ExitCodes.OK;
    }

    private boolean scratchLeft;

    private DrillResult run() {
        MongoOptions m = new MongoOptions();
        m.uri = mongo;
        m.db = db;
        m.lock = lock;
        Tenant t = tenant.tenant(db);
        StorageBackend backend = StorageUris.open(storage);
        MongoClient client;
        try {
            client = m.client();
        } catch (RuntimeException e) {
            Session.closeQuietly(backend);
            throw e;
        }
        DatabaseSource source = m.source(client);
        try (Session s = Session.open(t, backend, source, keys(), m.lock(client))) {
            DrillResult r = file == null ? s.backups.drills().drill(Session.OPERATOR, t.id())
                    : s.backups.drills().drill(Session.OPERATOR, t.id(), file);
            // The library reports a drop that failed in its event and log; the operator reads this line, so it
            // says what is on the server now instead of assuming the drop worked.
            scratchLeft = scratchStillThere(source, r.scratchDatabase());
            return r;
        } finally {
            client.close();
        }
    }

    private static boolean scratchStillThere(DatabaseSource source, String scratch) {
        try {
            return source.databaseExists(scratch);
        } catch (RuntimeException e) {
            return true;
        }
    }

    static String text(DrillResult r, boolean scratchLeft) {
        StringBuilder b = new StringBuilder();
        b.append(r.passed() ? "PASSED: " : "FAILED: ").append(r.fileName()).append(" of tenant ").append(r.tenantId())
                .append(r.passed() ? " is proven restorable" : " is not proven restorable").append(" (drill of ")
                .append(Formats.duration(r.duration())).append(", scratch database ").append(r.scratchDatabase())
                .append(scratchLeft ? " NOT dropped: it is still on the server; the next drill or scheduled run removes it, "
                        + "or drop it by hand; " : " dropped; ").append(r.digestsRecorded() ? "digests from the sealed manifest" : "digests computed from the archive")
                .append(")");
        r.reason().ifPresent(x -> b.append("\n  reason: ").append(x));
        for (Map.Entry<String, Long> e : new TreeMap<>(r.counts()).entrySet()) {
            b.append(String.format("%n    %-32s %,12d", e.getKey(), e.getValue()));
        }
        return b.toString();
    }

    static String json(DrillResult r) {
        StringBuilder b = new StringBuilder("{\n  \"passed\": ").append(r.passed())
                .append(",\n  \"tenantId\": ").append(Formats.json(r.tenantId()))
                .append(",\n  \"fileName\": ").append(Formats.json(r.fileName()))
                .append(",\n  \"startedAt\": ").append(Formats.json(r.startedAt().toString()))
                .append(",\n  \"durationMillis\": ").append(r.duration().toMillis())
                .append(",\n  \"scratchDatabase\": ").append(Formats.json(r.scratchDatabase()))
                .append(",\n  \"documents\": ").append(r.documents())
                .append(",\n  \"digestsRecorded\": ").append(r.digestsRecorded())
                .append(",\n  \"reason\": ").append(r.reason().map(Formats::json).orElse("null"))
                .append(",\n  \"collections\": {");
        int i = 0;
        for (Map.Entry<String, Long> e : new TreeMap<>(r.counts()).entrySet()) {
            b.append(i++ == 0 ? "\n    " : ",\n    ").append(Formats.json(e.getKey())).append(": ").append(e.getValue());
        }
        return b.append(i == 0 ? "}\n}" : "\n  }\n}").toString();
    }
}
