package com.daaisuite.backup.examples.cli;

import com.daaisuite.backup.core.Actor;
import com.daaisuite.backup.core.BackupJob;
import com.daaisuite.backup.core.BackupResult;
import com.daaisuite.backup.core.Backups;
import com.daaisuite.backup.core.Permission;
import com.daaisuite.backup.core.RestorePreview;
import com.daaisuite.backup.core.RestoreRequest;
import com.daaisuite.backup.core.RestoreResult;
import com.daaisuite.backup.core.Snapshot;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.spi.StorageBackend;
import com.daaisuite.backup.core.spi.TenantDirectory;
import com.daaisuite.backup.crypto.KeyProviders;
import com.daaisuite.backup.crypto.MasterKey;
import com.daaisuite.backup.crypto.spi.KeyProvider;
import com.daaisuite.backup.mongo.MongoDatabaseSource;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.ServerVersion;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code demo}: the whole story on embedded defaults, as a DaaiSuite admin would live it: seed a
 * workspace, Backup Now, look at the Backups list, have an accident, restore with the typed
 * confirmation, prove the data is back, and find the pre-restore safety backup in the list.
 *
 * <p>It plays the host app: its own tenant directory, and an access policy in which the demo
 * admin holds both CREATE and RESTORE.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = DaaiBackupCli.Version.class, description = "Run the whole story on embedded defaults: seed, back up, list, break, restore, prove.")
final class DemoCommand extends CliCommand {
    private static final String TENANT = "acme";
    private static final String WORKSPACE = "Acme Traders";
    private static final String DATABASE = "daai_acme";

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "daai-backup-demo",
            description = "The local folder the demo stores archives in (default: ./${DEFAULT-VALUE}).")
    Path dir;

    @Override
    int execute() throws Exception {
        boolean utf8 = Formats.utf8Output();
        Path folder = dir.toAbsolutePath().normalize();
        Files.createDirectories(folder);
        Actor admin = new Actor("demo-admin", "Demo Admin (workspace owner)");
        Tenant tenant = Tenant.builder(TENANT).workspaceName(WORKSPACE).databaseName(DATABASE).zone(ZoneId.of("Asia/Kolkata")).build();

        MongoServer server = new MongoServer(new MemoryBackend().version(ServerVersion.MONGO_5_0));
        server.bind("127.0.0.1", 0);
        InetSocketAddress addr = server.getLocalAddress();
        String uri = "mongodb://127.0.0.1:" + addr.getPort();
        try (MongoClient client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(uri)).build())) {
            out().println("daai-backup demo: the whole story on embedded defaults");
            out().println("  MongoDB    " + uri + " (an in-process wire-protocol server, in memory)");
            out().println("  Storage    " + folder + "  (archives under " + TENANT + "/db-backups/)");
            out().println("  Workspace  \"" + WORKSPACE + "\" (tenant " + TENANT + ", database " + DATABASE + ", zone " + tenant.zone() + ")");
            KeyProvider keys = demoKeys();
            out().println();

            MongoDatabase db = client.getDatabase(DATABASE);
            Map<String, Integer> seeded = SampleWorkspace.seed(db);
            Map<String, SampleWorkspace.Fingerprint> before = SampleWorkspace.fingerprint(db);
            int total = seeded.values().stream().mapToInt(Integer::intValue).sum();
            int indexes = before.values().stream().mapToInt(SampleWorkspace.Fingerprint::indexes).sum();
            out().println("1. Seeded the workspace: " + String.format("%,d", total) + " documents in " + seeded.size()
                    + " collections " + seeded + ", " + indexes + " indexes.");

            StorageBackend storage = UriPlugins.storage(folder.toUri().toString());
            Session.ProgressRelay relay = new Session.ProgressRelay();
            try (Backups backups = Backups.builder()
                    .source(MongoDatabaseSource.builder(client).build())
                    .storage(storage)
                    .keys(keys)
                    .tenants(TenantDirectory.of(List.of(tenant)))
                    // The host's permission system: the demo admin may see, back up and restore.
                    .access((actor, permission, t) -> actor.equals(admin)
                            && (permission == Permission.VIEW || permission == Permission.CREATE
                                    || permission == Permission.RESTORE))
                    .listener(relay)
                    .nodeName("daai-backup-demo")
                    .build()) {

                out().println("2. Backup Now by " + admin.displayName() + " (label manual, note \"demo: before the accident\")");
                out().flush();
                Progress bp = relay.start(Progress.start("   backup", Progress.Unit.DOCUMENTS, total, err()));
                BackupResult b;
                try {
                    BackupJob job = backups.backupNow(admin, TENANT, "demo: before the accident");
                    b = Progress.await(job, bp);
                } finally {
                    relay.stop();
                }
                Snapshot manual = b.snapshot();
                out().println("   done: " + manual.fileName() + ", " + String.format("%,d", b.documents()) + " documents, "
                        + Formats.bytes(manual.sizeBytes()) + ", " + Formats.encryption(manual.encrypted(), utf8) + ", "
                        + Formats.duration(b.duration()));
                String legacy = plantLegacyArchive(folder, manual, keys);
                out().println();
                out().println("3. Settings > Database Backups (newest first, times in " + tenant.zone() + "):");
                table(backups.catalog().list(admin, TENANT), tenant, utf8);
                RestorePreview old = backups.restores().prepare(admin, TENANT, legacy);
                out().println("   " + legacy + " is a legacy plaintext archive from before encryption ("
                        + Formats.encryption(old.encrypted(), utf8) + "): " + old.originNote());
                out().println();

                long deleted = db.getCollection("invoices").deleteMany(Filters.ne("status", "overdue")).getDeletedCount();
                db.getCollection("settings").deleteOne(Filters.eq("_id", "invoicing"));
                Map<String, SampleWorkspace.Fingerprint> broken = SampleWorkspace.fingerprint(db);
                out().println("4. Accident! A bulk delete with the wrong filter removed " + String.format("%,d", deleted)
                        + " invoices (and the invoicing settings). " + broken.get("invoices").count() + " invoices are left.");
                out().println();

                RestorePreview p = backups.restores().prepare(admin, TENANT, manual.fileName());
                out().println("5. Restore: the confirmation dialog");
                out().println("   Snapshot   " + p.snapshot().fileName() + " (" + p.snapshot().label().label() + ", "
                        + Formats.LOCAL.format(p.createdAtLocal()) + ", " + Formats.bytes(p.snapshot().sizeBytes()) + ", "
                        + Formats.encryption(p.encrypted(), utf8) + ")");
                out().println("   Database   " + p.databaseName() + " will be replaced as a whole");
                out().println("   " + p.warning());
                out().println("   Type the workspace name to confirm: " + WORKSPACE);
                out().flush();
                Progress rp = relay.start(Progress.start("   restore", Progress.Unit.DOCUMENTS, b.documents(), err()));
                RestoreResult r;
                try {
                    r = backups.restores().restore(admin, new RestoreRequest(TENANT, manual.fileName(), WORKSPACE));
                    rp.done(-1, r.documents());
                } finally {
                    relay.stop();
                }
                out().println("   restored " + String.format("%,d", r.documents()) + " documents in "
                        + Formats.duration(r.duration()) + "; safety backup taken first: " + r.safetySnapshot().fileName());
                out().println();

                Map<String, SampleWorkspace.Fingerprint> after = SampleWorkspace.fingerprint(db);
                boolean same = proof(before, broken, after);
                out().println();
                out().println("7. The Backups list now, with the pre-restore safety backup (kept 7 days):");
                table(backups.catalog().list(admin, TENANT), tenant, utf8);
                out().println();
                if (!same) {
                    err().println("daai-backup: the restored data does not match the data before the accident;"
                            + " run with --verbose and report this output.");
                    return ExitCodes.FAILURE;
                }
                out().println("Demo complete: the data is back, byte for byte. Archives are in " + folder + ".");
                out().println("Next: java -jar daai-backup.jar list --storage " + folder + " --tenant " + TENANT);
                return ExitCodes.OK;
            }
        } finally {
            server.shutdownNow();
        }
    }

    /**
     * A legacy plaintext {@code .gz} archive, as a deployment from before encryption would have:
     * the gzip inside the demo's first backup, under a fixed name dated before it, written once.
     */
    private static String plantLegacyArchive(Path folder, Snapshot from, KeyProvider keys) throws java.io.IOException {
        String name = "monthly_20250101T000000Z.gz";
        Path dbBackups = folder.resolve(TENANT).resolve("db-backups");
        Path legacy = dbBackups.resolve(name);
        if (!Files.exists(legacy)) {
            try (java.io.InputStream in = com.daaisuite.backup.crypto.Dbk1.decrypt(
                    Files.newInputStream(dbBackups.resolve(from.fileName())), keys, TENANT)) {
                Files.write(legacy, in.readAllBytes());
            }
        }
        return name;
    }

    private KeyProvider demoKeys() {
        String env = root.environment().get(EnvironmentKeys.CURRENT);
        if (env != null && !env.isBlank()) {
            EnvironmentKeys k = EnvironmentKeys.from(root.environment());
            out().println("  Key        from " + EnvironmentKeys.CURRENT + " (key id " + k.currentKey().orElseThrow().id() + ")");
            return k;
        }
        MasterKey key = MasterKey.generate(new SecureRandom());
        out().println("  Key        a generated THROWAWAY demo key (key id " + key.id() + ")");
        out().println();
        out().println("  WARNING: " + EnvironmentKeys.CURRENT + " is not set, so this demo made a throwaway key that lives");
        out().println("  WARNING: only in memory and is never stored or printed. Archives from this run cannot be");
        out().println("  WARNING: decrypted after it exits. Never use demo keys for real data; set " + EnvironmentKeys.CURRENT);
        out().println("  WARNING: (openssl rand -base64 32) to keep the demo's archives readable.");
        return KeyProviders.of(key);
    }

    private void table(List<Snapshot> list, Tenant tenant, boolean utf8) {
        for (String line : Formats.table(list, tenant.zone(), utf8)) {
            out().println("   " + line);
        }
    }

    private boolean proof(Map<String, SampleWorkspace.Fingerprint> before, Map<String, SampleWorkspace.Fingerprint> broken,
            Map<String, SampleWorkspace.Fingerprint> after) {
        out().println("6. Proof: documents and SHA-256 of every document's BSON, per collection");
        String fmt = "   %-10s  %6s %-12s | %6s %-12s | %6s %-12s  %s%n";
        out().printf(fmt, "collection", "before", "sha256", "broken", "sha256", "after", "sha256", "");
        boolean all = true;
        for (String c : before.keySet()) {
            var b = before.get(c);
            var x = broken.get(c);
            var a = after.get(c);
            boolean same = b.count() == a.count() && b.sha256().equals(a.sha256()) && b.indexes() == a.indexes();
            all &= same;
            out().printf(fmt, c, b.count(), b.shortSha(), x.count(), x.shortSha(), a.count(), a.shortSha(),
                    same ? "match" : "DIFFERENT");
        }
        out().println(all ? "   Every collection matches its state before the accident (counts, checksums, indexes)."
                : "   MISMATCH: see the rows marked DIFFERENT.");
        return all;
    }
}
