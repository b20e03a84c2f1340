package com.daaisuite.backup.examples.quickstart;

import com.daaisuite.backup.core.Actor;
import com.daaisuite.backup.core.BackupResult;
import com.daaisuite.backup.core.Backups;
import com.daaisuite.backup.core.RestorePreview;
import com.daaisuite.backup.core.RestoreRequest;
import com.daaisuite.backup.core.RestoreResult;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.spi.TenantDirectory;
import com.daaisuite.backup.crypto.KeyProviders;
import com.daaisuite.backup.crypto.MasterKey;
import com.daaisuite.backup.crypto.spi.KeyProvider;
import com.daaisuite.backup.mongo.MongoDatabaseSource;
import com.daaisuite.backup.storage.fs.FileSystemStorageBackend;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.ServerVersion;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.bson.Document;

/** Back up, list and restore one workspace. Run: {@code mvn -q -pl examples/quickstart exec:java}. */
public final class Quickstart {
    private Quickstart() {}

    public static void main(String[] args) throws Exception {
        // Only so the example runs anywhere: without MONGODB_URI it starts an in-process MongoDB.
        String uri = System.getenv("MONGODB_URI");
        MongoServer embedded = null;
        if (uri == null) {
            embedded = new MongoServer(new MemoryBackend().version(ServerVersion.MONGO_5_0));
            embedded.bind("127.0.0.1", 0);
            uri = "mongodb://127.0.0.1:" + embedded.getLocalAddress().getPort();
        }
        // Keys come from BACKUP_ENCRYPTION_KEY; without one, backups fail fast by design, so the example makes a throwaway key.
        KeyProvider keys = KeyProviders.fromEnvironment();
        if (keys.currentKey().isEmpty()) {
            System.out.println("BACKUP_ENCRYPTION_KEY is not set: using a throwaway key for this run only.");
            keys = KeyProviders.of(MasterKey.generate(new SecureRandom()));
        }
        Path folder = Files.createDirectories(Path.of(args.length > 0 ? args[0] : "target/daai-backup-quickstart"));
        // The host owns tenants and permissions; the library asks, it never decides who may restore.
        Tenant acme = Tenant.of("acme", "Acme Traders", "daai_acme");
        Actor admin = Actor.user("priya@acme.example");

        try (MongoClient client = MongoClients.create(uri);
                Backups backups = Backups.builder()
                        .source(MongoDatabaseSource.builder(client).build()) // the app's own client, never closed by the library
                        .storage(FileSystemStorageBackend.at(folder))
                        .keys(keys)
                        .tenants(TenantDirectory.of(List.of(acme)))
                        .access((actor, permission, tenant) -> actor.equals(admin))
                        .build()) {
            var invoices = client.getDatabase("daai_acme").getCollection("invoices");
            invoices.insertOne(new Document("number", "INV-2026-00001").append("total", 1180));

            // Backup Now runs in the background, like the button on the screen; here we simply wait for it.
            BackupResult b = backups.backupNow(admin, "acme", "before year-end").await(Duration.ofMinutes(5));
            System.out.println("Backed up " + b.documents() + " document(s) to " + b.snapshot().fileName());

            backups.catalog().list(admin, "acme").forEach(s -> System.out.println("  " + s.createdAtIn(acme.zone()) + "  "
                    + s.label() + "  " + s.sizeBytes() + " B  " + (s.encrypted() ? "encrypted" : "legacy") + "  " + s.fileName()));

            invoices.deleteMany(new Document()); // the accident

            // The dialog shows the preview; the admin must type the workspace name exactly.
            RestorePreview preview = backups.restores().prepare(admin, "acme", b.snapshot().fileName());
            RestoreResult r = backups.restores().restore(admin,
                    new RestoreRequest("acme", preview.snapshot().fileName(), preview.workspaceName()));
            System.out.println("Restored " + r.documents() + " document(s); safety backup " + r.safetySnapshot().fileName()
                    + "; invoices now: " + invoices.countDocuments());
        } finally {
            if (embedded != null) {
                embedded.shutdownNow();
            }
        }
    }
}
