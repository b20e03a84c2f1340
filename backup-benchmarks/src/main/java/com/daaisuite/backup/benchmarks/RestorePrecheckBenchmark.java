package com.daaisuite.backup.benchmarks;

import com.daaisuite.backup.core.Actor;
import com.daaisuite.backup.core.BackupTrigger;
import com.daaisuite.backup.core.Backups;
import com.daaisuite.backup.core.RestoreRequest;
import com.daaisuite.backup.core.RestoreResult;
import com.daaisuite.backup.core.Snapshot;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.internal.ArchiveProof;
import com.daaisuite.backup.core.spi.StorageBackend;
import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.core.spi.StorageObject;
import com.daaisuite.backup.core.spi.StorageUpload;
import com.daaisuite.backup.core.spi.TenantDirectory;
import com.daaisuite.backup.crypto.KeyProviders;
import com.daaisuite.backup.crypto.MasterKey;
import com.daaisuite.backup.crypto.spi.KeyProvider;
import com.daaisuite.backup.mongo.MongoDatabaseSource;
import com.daaisuite.backup.storage.fs.FileSystemStorageBackend;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.ServerVersion;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Random;
import org.bson.Document;

/**
 * What the restore's whole-archive proof costs against the whole restore. A tenant database of the
 * given size (random, barely compressible text, 1 KiB documents in 4 collections) on mongo-java-server,
 * one encrypted backup on a file store; then, alternating, per round: the proof alone (second read from
 * the file), the proof alone with the archive spooled to a temporary file (what an S3 store does),
 * and a whole restore (proof + safety backup + load + swap). Reports medians.
 *
 * <pre>
 * java -Xmx3g -cp backup-benchmarks/target/benchmarks.jar com.daaisuite.backup.benchmarks.RestorePrecheckBenchmark [megabytes [rounds]]
 * </pre>
 */
public final class RestorePrecheckBenchmark {
    private RestorePrecheckBenchmark() {}

    public static void main(String[] args) throws Exception {
        int megabytes = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        MongoServer server = new MongoServer(new MemoryBackend().version(ServerVersion.MONGO_5_0));
        InetSocketAddress address = server.bind();
        Path root = Files.createTempDirectory("precheck-bench");
        byte[] keyBytes = new byte[32];
        new SecureRandom().nextBytes(keyBytes);
        KeyProvider keys = KeyProviders.of(MasterKey.of(keyBytes));
        Tenant t = Tenant.of("bench", "Bench", "db_bench");
        try (MongoClient client = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort())) {
            fill(client.getDatabase(t.databaseName()), megabytes);
            MongoDatabaseSource source = MongoDatabaseSource.builder(client).build();
            StorageBackend files = FileSystemStorageBackend.at(root);
            StorageBackend spooling = new Spooling(files);
            Actor admin = Actor.user("bench@example.org");
            try (Backups backups = Backups.builder().source(source).storage(files).keys(keys)
                    .tenants(TenantDirectory.of(List.of(t))).access((a, p, x) -> true).nodeName("bench").build()) {
                Snapshot snap = backups.backup(admin, t.id(), BackupTrigger.MANUAL).snapshot();
                StorageKey key = StorageKey.of(t.id(), snap.fileName());
                System.out.printf("archive %s: %.1f MiB for %d MiB of documents%n", snap.fileName(),
                        snap.sizeBytes() / 1048576.0, megabytes);
                long[] proof = new long[rounds];
                long[] spooled = new long[rounds];
                long[] restore = new long[rounds];
                long documents = 0;
                for (int r = -1; r < rounds; r++) { // round -1 warms up
                    long t0 = System.nanoTime();
                    try (ArchiveProof p = ArchiveProof.prove(files, key, keys, t.id(), source)) {
                        documents = p.payload().documents();
                    }
                    long t1 = System.nanoTime();
                    try (ArchiveProof p = ArchiveProof.prove(spooling, key, keys, t.id(), source)) {
                        if (!p.spooled()) {
                            throw new IllegalStateException("expected a spooled proof");
                        }
                    }
                    long t2 = System.nanoTime();
                    RestoreResult result = backups.restores().restore(admin, new RestoreRequest(t.id(), snap.fileName(), "Bench"));
                    long t3 = System.nanoTime();
                    if (result.documents() != documents) {
                        throw new IllegalStateException("restored " + result.documents() + " of " + documents + " documents");
                    }
                    if (r >= 0) {
                        proof[r] = t1 - t0;
                        spooled[r] = t2 - t1;
                        restore[r] = t3 - t2;
                    }
                    System.out.printf("round %2d: proof %6.0f ms, proof with spool %6.0f ms, whole restore %6.0f ms%n", r,
                            (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6);
                }
                double p = median(proof) / 1e6;
                double s = median(spooled) / 1e6;
                double w = median(restore) / 1e6;
                System.out.printf("%nmedians over %d rounds, %,d documents: proof %.0f ms (%.0f MiB/s of archive), "
                        + "proof with spool %.0f ms, whole restore %.0f ms%n", rounds, documents, p,
                        snap.sizeBytes() / 1048576.0 / (p / 1e3), s, w);
                System.out.printf("the proof is %.1f%% of the whole restore (%.1f%% with the spool)%n", 100 * p / w, 100 * s / w);
            }
        } finally {
            server.shutdownNow();
            try (var walk = Files.walk(root)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static void fill(MongoDatabase db, int megabytes) {
        Random random = new Random(7);
        long target = megabytes * 1024L * 1024L;
        int n = 0;
        for (long bytes = 0; bytes < target; ) {
            List<Document> batch = new ArrayList<>();
            for (int i = 0; i < 1000 && bytes < target; i++, n++) {
                StringBuilder text = new StringBuilder(960);
                for (int c = 0; c < 960; c++) {
                    text.append((char) ('a' + random.nextInt(26)));
                }
                batch.add(new Document("_id", n).append("seq", n).append("text", text.toString()));
                bytes += 1024;
            }
            db.getCollection("c" + (n / 1000) % 4).insertMany(batch);
        }
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** The file store, saying a second read is dear: the proof spools as it would for S3. */
    private static final class Spooling implements StorageBackend {
        private final StorageBackend delegate;

        Spooling(StorageBackend delegate) {
            this.delegate = delegate;
        }

        @Override
        public StorageUpload openUpload(StorageKey key) throws IOException {
            return delegate.openUpload(key);
        }

        @Override
        public InputStream openRead(StorageKey key) throws IOException {
            return delegate.openRead(key);
        }

        @Override
        public List<StorageObject> list(String tenantId) throws IOException {
            return delegate.list(tenantId);
        }

        @Override
        public void delete(Collection<StorageKey> keys) throws IOException {
            delegate.delete(keys);
        }

        @Override
        public String describe() {
            return delegate.describe();
        }
    }
}
