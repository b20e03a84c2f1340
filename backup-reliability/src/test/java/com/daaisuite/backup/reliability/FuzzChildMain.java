package com.daaisuite.backup.reliability;

import com.daaisuite.backup.IntegrityException;
import com.daaisuite.backup.core.Backups;
import com.daaisuite.backup.core.RestoreRequest;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.VerificationReport;
import com.daaisuite.backup.core.spi.ProgressListener;
import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.core.spi.TenantDirectory;
import com.daaisuite.backup.crypto.Dbk1;
import com.daaisuite.backup.crypto.KeyProviders;
import com.daaisuite.backup.mongo.ForeignDatabaseException;
import com.daaisuite.backup.mongo.MongoDatabaseSource;
import com.daaisuite.backup.testing.storage.InMemoryStorageBackend;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.bson.Document;

/**
 * The gzip-layer and archive-reader fuzz of {@link HostileInputTest}, run in a child JVM with a small
 * heap so that an allocation driven by a length read from the input shows as an OutOfMemoryError.
 * Arguments: {@code <seed> <cases>}. Each case mutates the gzip bytes of a real mongodump archive
 * (flipped bytes, truncation, appended garbage, pure garbage) or the archive under a valid gzip
 * layer, stores it encrypted (DBK1 around the mutated gzip) or as plaintext .gz, and runs
 * {@code verify}; every 25th case also runs a restore. Allowed outcomes: a report, an
 * {@link IntegrityException}, and for a restore a {@link ForeignDatabaseException} (a mutated
 * database name). Prints one {@code FUZZ} summary line and every unexpected outcome; exits 1 if any.
 */
public final class FuzzChildMain {
    private FuzzChildMain() {}

    public static void main(String[] args) throws Exception {
        long seed = Long.parseLong(args[0]);
        int cases = Integer.parseInt(args[1]);
        Random r = new Random(seed);
        Tenant t = Fixtures.tenant("fuzz");
        Map<String, Integer> outcomes = new TreeMap<>();
        List<String> unexpected = new ArrayList<>();
        long maxCaseNanos = 0;
        try (InProcessMongo mongo = new InProcessMongo();
                MongoClient client = MongoClients.create(Fixtures.mongoSettings(mongo.uri()))) {
            MongoDatabase db = client.getDatabase(t.databaseName());
            for (String c : List.of("alpha", "beta", "gamma")) {
                List<Document> docs = new ArrayList<>();
                for (int i = 0; i < 60; i++) {
                    docs.add(new Document("_id", i).append("v", Fixtures.randomText(r, 40)).append("n", (long) i * 31));
                }
                db.getCollection(c).insertMany(docs);
            }
            Map<String, List<String>> original = MongoState.live(db);
            MongoDatabaseSource source = MongoDatabaseSource.builder(client).build();
            ByteArrayOutputStream plain = new ByteArrayOutputStream();
            source.dump(t.databaseName(), plain, ProgressListener.NONE);
            byte[] payload = plain.toByteArray();
            byte[] gzip = gzip(payload);
            InMemoryStorageBackend storage = new InMemoryStorageBackend();
            try (Backups backups = Backups.builder().source(source).storage(storage).keys(KeyProviders.of(Fixtures.KEY_A))
                    .tenants(TenantDirectory.of(List.of(t))).access(Fixtures.ACCESS).allowPlaintext(true).nodeName("fuzz").build()) {
                for (int i = 0; i < cases; i++) {
                    String kind;
                    byte[] mutated;
                    switch (r.nextInt(6)) {
                        case 0 -> { kind = "gzip-flip"; mutated = flip(gzip, r, 1 + r.nextInt(4)); }
                        case 1 -> { kind = "gzip-truncate"; mutated = java.util.Arrays.copyOf(gzip, r.nextInt(gzip.length)); }
                        case 2 -> { kind = "gzip-append"; mutated = append(gzip, r); }
                        case 3 -> { kind = "garbage"; mutated = garbage(r, gzip.length); }
                        case 4 -> { kind = "archive-flip"; mutated = gzip(flip(payload, r, 1 + r.nextInt(3))); }
                        default -> { kind = "archive-truncate"; mutated = gzip(java.util.Arrays.copyOf(payload, r.nextInt(payload.length))); }
                    }
                    boolean encrypted = r.nextBoolean();
                    byte[] stored = encrypted ? encrypt(mutated, t.id()) : mutated;
                    String name = "manual_20260101T000000Z_c" + i + (encrypted ? ".gz.enc" : ".gz");
                    storage.put(StorageKey.of(t.id(), name), stored, Instant.now());
                    long t0 = System.nanoTime();
                    String outcome = kind + (encrypted ? "/enc" : "/plain") + " verify ";
                    try {
                        VerificationReport report = backups.catalog().verify(Fixtures.ADMIN, t.id(), name);
                        outcome += report.ok() ? "ok" : "problems";
                    } catch (IntegrityException e) {
                        outcome += e.getClass().getSimpleName();
                    } catch (Throwable e) {
                        outcome += "UNEXPECTED";
                        unexpected.add("case " + i + " " + kind + " verify: " + e);
                    }
                    outcomes.merge(outcome, 1, Integer::sum);
                    if (i % 25 == 0) {
                        String restore = kind + (encrypted ? "/enc" : "/plain") + " restore ";
                        try {
                            backups.restores().restore(Fixtures.ADMIN, new RestoreRequest(t.id(), name, t.workspaceName()));
                            restore += "ok";
                        } catch (IntegrityException | ForeignDatabaseException e) {
                            restore += e.getClass().getSimpleName();
                        } catch (Throwable e) {
                            restore += "UNEXPECTED";
                            unexpected.add("case " + i + " " + kind + " restore: " + e);
                        }
                        outcomes.merge(restore, 1, Integer::sum);
                        // Restored or refused, the live database holds the original documents.
                        if (!MongoState.live(db).equals(original)) {
                            unexpected.add("case " + i + " " + kind + ": live database changed: "
                                    + MongoState.diff(original, MongoState.live(db)));
                            break;
                        }
                        if (!MongoState.staging(db).isEmpty()) {
                            unexpected.add("case " + i + " " + kind + ": staging left " + MongoState.staging(db));
                        }
                    }
                    storage.delete(List.of(StorageKey.of(t.id(), name)));
                    maxCaseNanos = Math.max(maxCaseNanos, System.nanoTime() - t0);
                }
            }
        }
        System.out.println("FUZZ seed=" + seed + " cases=" + cases + " unexpected=" + unexpected.size() + " maxCaseMillis="
                + maxCaseNanos / 1_000_000 + " maxHeapMiB=" + Runtime.getRuntime().maxMemory() / (1024 * 1024));
        outcomes.forEach((k, v) -> System.out.println("OUTCOME " + k + " = " + v));
        unexpected.stream().limit(20).forEach(u -> System.out.println("UNEXPECTED " + u));
        System.out.flush();
        System.exit(unexpected.isEmpty() ? 0 : 1);
    }

    static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(b);
        }
        return out.toByteArray();
    }

    static byte[] encrypt(byte[] b, String tenant) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var enc = Dbk1.encrypt(out, Fixtures.KEY_A, tenant)) {
            enc.write(b);
        }
        return out.toByteArray();
    }

    static byte[] flip(byte[] b, Random r, int n) {
        byte[] c = b.clone();
        for (int i = 0; i < n; i++) {
            c[r.nextInt(c.length)] ^= (byte) (1 + r.nextInt(255));
        }
        return c;
    }

    static byte[] append(byte[] b, Random r) {
        byte[] tail = garbage(r, 1 + r.nextInt(2000));
        if (r.nextBoolean() && tail.length >= 2) {
            tail[0] = 0x1f; // a second gzip member header that goes nowhere
            tail[1] = (byte) 0x8b;
        }
        byte[] c = java.util.Arrays.copyOf(b, b.length + tail.length);
        System.arraycopy(tail, 0, c, b.length, tail.length);
        return c;
    }

    static byte[] garbage(Random r, int n) {
        byte[] g = new byte[n];
        r.nextBytes(g);
        return g;
    }
}
