package com.daaisuite.backup.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.daaisuite.backup.core.BackupResult;
import com.daaisuite.backup.core.Backups;
import com.daaisuite.backup.core.RestoreRequest;
import com.daaisuite.backup.core.RestoreResult;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.core.spi.TenantDirectory;
import com.daaisuite.backup.crypto.Dbk1;
import com.daaisuite.backup.crypto.KeyProviders;
import com.daaisuite.backup.mongo.MongoDatabaseSource;
import com.daaisuite.backup.mongo.MongoOriginLedger;
import com.daaisuite.backup.storage.fs.FileSystemStorageBackend;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interoperability with the stock MongoDB Database Tools 100.x, run for real against the test
 * server: an archive this library writes, once decrypted, is what {@code mongorestore --archive
 * --gzip} reads; and what {@code mongodump} writes in each of its shapes ({@code --archive --gzip},
 * plain {@code --archive}, an {@code --out} folder plain or {@code --gzip}, packed as a
 * {@code .tar.gz}) restores through the library's own guarded restore exactly: the same documents,
 * byte for byte, and the same indexes.
 *
 * <p>Skipped, with the reason, on a machine without the tools (see {@link MongoTools}); CI sets
 * {@code MONGO_TOOLS_REQUIRE=true} when it provides them, so that a broken lookup fails instead.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class MongoToolsInteropTest {
    private static final Tenant T = Fixtures.tenant("interop");
    private static final String OTHER_DB = "db_interop_copy";

    private static MongoTools tools;
    private static String absent;
    private static InProcessMongo mongo;
    private static MongoClient client;

    @TempDir
    Path dir;

    private Backups backups;
    private FileSystemStorageBackend storage;

    @BeforeAll
    static void tools() {
        StringBuilder why = new StringBuilder();
        Optional<MongoTools> found = MongoTools.find(why);
        if (found.isEmpty() && MongoTools.required()) {
            throw new AssertionError("MONGO_TOOLS_REQUIRE=true, but " + why);
        }
        if (found.isEmpty()) {
            absent = why.toString();
            System.out.println("[MongoToolsInteropTest] skipped: " + absent);
            return;
        }
        tools = found.get();
        try {
            System.out.println("[MongoToolsInteropTest] using " + tools.bin() + ": " + tools.version());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("mongorestore --version failed in " + tools.bin(), e);
        }
        mongo = new InProcessMongo();
        client = MongoClients.create(Fixtures.mongoSettings(mongo.uri()));
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (mongo != null) {
            mongo.close();
        }
    }

    @BeforeEach
    void fresh() throws IOException {
        // Assumed per test, so that the report counts every interop test as skipped, with the reason.
        org.junit.jupiter.api.Assumptions.assumeTrue(absent == null, () -> absent);
        client.getDatabase(T.databaseName()).drop();
        client.getDatabase(OTHER_DB).drop();
        // Each test is a fresh deployment: an origin record left by another test's encrypted backups would
        // (rightly) make the legacy archive planted in a fresh folder need the unverified-origin override.
        client.getDatabase(MongoOriginLedger.DEFAULT_DATABASE).getCollection(MongoOriginLedger.DEFAULT_COLLECTION).drop();
        seed(client.getDatabase(T.databaseName()));
        storage = FileSystemStorageBackend.at(Files.createDirectories(dir.resolve("storage")));
        backups = Backups.builder().source(MongoDatabaseSource.builder(client).build()).storage(storage)
                .keys(KeyProviders.of(Fixtures.KEY_A))
                .tenants(TenantDirectory.of(List.of(T))).access(Fixtures.ACCESS).nodeName("interop").build();
    }

    @org.junit.jupiter.api.AfterEach
    void close() {
        if (backups != null) {
            backups.close();
        }
    }

    @Test
    @DisplayName("a library backup, decrypted, restores with stock mongorestore --archive --gzip into another database: same documents, same indexes")
    void libraryBackupRestoresWithMongorestore() throws Exception {
        Map<String, List<String>> before = rawDocuments(client.getDatabase(T.databaseName()));
        Map<String, List<Document>> indexesBefore = indexes(client.getDatabase(T.databaseName()));

        BackupResult r = backups.backupNow(Fixtures.ADMIN, T.id(), "interop").await(Duration.ofMinutes(2));
        Path gz = decrypted(r.snapshot().fileName(), "decrypted.archive.gz");

        String log = tools.run("mongorestore", List.of("--uri=" + mongo.uri(), "--archive=" + gz, "--gzip",
                "--nsFrom=" + T.databaseName() + ".*", "--nsTo=" + OTHER_DB + ".*"));

        assertThat(log).contains(r.documents() + " document(s) restored successfully");
        assertThat(rawDocuments(client.getDatabase(OTHER_DB))).isEqualTo(before);
        assertThat(indexes(client.getDatabase(OTHER_DB))).isEqualTo(indexesBefore);
    }

    @Test
    @DisplayName("the safety snapshot of a collections restore holds only that collection and restores with stock mongorestore, "
            + "which ignores the header's partial mark")
    void partialSafetySnapshotRestoresWithMongorestore() throws Exception {
        Map<String, List<String>> before = rawDocuments(client.getDatabase(T.databaseName()));
        BackupResult b = backups.backupNow(Fixtures.ADMIN, T.id(), "before").await(Duration.ofMinutes(2));
        RestoreResult r = backups.restores().restore(Fixtures.ADMIN, new RestoreRequest(T.id(), b.snapshot().fileName(),
                T.workspaceName()).collections(com.daaisuite.backup.core.RestoreScope.collections(List.of("people"))));
        Path gz = decrypted(r.safetySnapshot().fileName(), "partial.archive.gz");

        String log = tools.run("mongorestore", List.of("--uri=" + mongo.uri(), "--archive=" + gz, "--gzip",
                "--nsFrom=" + T.databaseName() + ".*", "--nsTo=" + OTHER_DB + ".*"));

        assertThat(log).contains(before.get("people").size() + " document(s) restored successfully");
        assertThat(rawDocuments(client.getDatabase(OTHER_DB))).isEqualTo(Map.of("people", before.get("people")));
    }

    @Test
    @DisplayName("mongodump --archive --gzip restores with the library exactly")
    void mongodumpArchiveGzip() throws Exception {
        Path f = dir.resolve("dump.archive.gz");
        tools.run("mongodump", List.of("--uri=" + mongo.uri(), "--db=" + T.databaseName(), "--archive=" + f, "--gzip"));
        restoresExactly(f);
    }

    @Test
    @DisplayName("plain mongodump --archive restores with the library exactly")
    void mongodumpArchivePlain() throws Exception {
        Path f = dir.resolve("dump.archive");
        tools.run("mongodump", List.of("--uri=" + mongo.uri(), "--db=" + T.databaseName(), "--archive=" + f));
        restoresExactly(f);
    }

    @Test
    @DisplayName("a .tar.gz of a mongodump --out folder restores with the library exactly")
    void mongodumpOutFolder() throws Exception {
        Path out = dir.resolve("dump");
        tools.run("mongodump", List.of("--uri=" + mongo.uri(), "--db=" + T.databaseName(), "--out=" + out));
        assertThat(out.resolve(T.databaseName()).resolve("people.bson")).isRegularFile();
        restoresExactly(tarGz(out, dir.resolve("dump.tar.gz")));
    }

    @Test
    @DisplayName("a .tar.gz of a mongodump --out --gzip folder restores with the library exactly")
    void mongodumpOutFolderGzip() throws Exception {
        Path out = dir.resolve("dump");
        tools.run("mongodump", List.of("--uri=" + mongo.uri(), "--db=" + T.databaseName(), "--out=" + out, "--gzip"));
        assertThat(out.resolve(T.databaseName()).resolve("people.bson.gz")).isRegularFile();
        restoresExactly(tarGz(out, dir.resolve("dump.tar.gz")));
    }

    /** The stored archive {@code fileName}, decrypted with the tenant's key into {@code name}: a mongodump archive, gzipped. */
    private Path decrypted(String fileName, String name) throws IOException {
        Path encrypted = dir.resolve("storage").resolve(StorageKey.of(T.id(), fileName).path());
        Path gz = dir.resolve(name);
        try (InputStream in = Dbk1.decrypt(Files.newInputStream(encrypted), KeyProviders.of(Fixtures.KEY_A), T.id());
                OutputStream out = Files.newOutputStream(gz)) {
            in.transferTo(out);
        }
        return gz;
    }

    /**
     * Puts a mongodump output into the tenant's folder as a legacy plaintext snapshot (the library
     * tells the kinds apart by content, never by name), changes the live database so that the
     * restore has something to undo, and restores it through the guarded restore.
     */
    private void restoresExactly(Path dumped) throws Exception {
        MongoDatabase db = client.getDatabase(T.databaseName());
        Map<String, List<String>> before = rawDocuments(db);
        Map<String, List<Document>> indexesBefore = indexes(db);
        String name = "manual_20260101T000000Z.gz";
        Path slot = dir.resolve("storage").resolve(StorageKey.of(T.id(), name).path());
        Files.createDirectories(slot.getParent());
        Files.copy(dumped, slot);

        db.getCollection("people").deleteMany(new Document());
        db.getCollection("people").dropIndex("email_unique");
        db.getCollection("invoices").insertOne(new Document("_id", "added after the dump"));
        db.getCollection("extra").insertOne(new Document("x", 1));
        assertThat(rawDocuments(db)).isNotEqualTo(before);

        RestoreResult r = backups.restores().restore(Fixtures.ADMIN, new RestoreRequest(T.id(), name, T.workspaceName()));

        assertThat(r.droppedCollections()).containsExactly("extra");
        assertThat(rawDocuments(db)).isEqualTo(before);
        assertThat(indexes(db)).isEqualTo(indexesBefore);
    }

    /** A tar.gz of a dump folder, entries under {@code dump/} as {@code tar -czf dump.tar.gz dump} writes them. */
    private static Path tarGz(Path folder, Path target) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(folder)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        try (OutputStream raw = Files.newOutputStream(target);
                OutputStream gz = new java.util.zip.GZIPOutputStream(raw);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Path f : files) {
                TarArchiveEntry e = new TarArchiveEntry(f.toFile(), "dump/" + folder.relativize(f).toString().replace('\\', '/'));
                tar.putArchiveEntry(e);
                Files.copy(f, tar);
                tar.closeArchiveEntry();
            }
        }
        return target;
    }

    /**
     * The interop fixture: the BSON types mongo-java-server round-trips (see test-servers.md), nested
     * documents and arrays, and the index kinds a tenant uses (unique, compound with a descending key,
     * sparse, TTL).
     */
    private static void seed(MongoDatabase db) {
        Random r = new Random(16);
        MongoCollection<Document> people = db.getCollection("people");
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < 700; i++) {
            Document d = new Document("_id", new ObjectId(new Date(1_700_000_000_000L + i * 1000L), i))
                    .append("email", "person" + i + "@acme.test")
                    .append("name", Fixtures.randomText(r, 5 + r.nextInt(20)))
                    .append("age", 18 + r.nextInt(60))
                    .append("salary", new Decimal128(new BigDecimal(r.nextInt(5_000_000) + ".25")))
                    .append("score", r.nextDouble())
                    .append("big", r.nextLong())
                    .append("joined", new Date(1_600_000_000_000L + r.nextInt(1_000_000) * 1000L))
                    .append("active", r.nextBoolean())
                    .append("address", new Document("city", "City " + r.nextInt(30)).append("pin", 560000 + r.nextInt(99)))
                    .append("tags", List.of("t" + r.nextInt(5), "t" + r.nextInt(5)))
                    .append("photo", new Binary(Fixtures.randomDocument(r, 16 + r.nextInt(200))))
                    .append("uuid", new Binary((byte) 4, uuidBytes(new UUID(r.nextLong(), r.nextLong()))))
                    .append("note", i % 7 == 0 ? null : "ünïcödé ✓ " + i);
            if (i % 3 == 0) {
                d.append("nickname", "nick" + i);
            }
            docs.add(d);
        }
        people.insertMany(docs);
        people.createIndex(Indexes.ascending("email"), new IndexOptions().unique(true).name("email_unique"));
        people.createIndex(Indexes.compoundIndex(Indexes.ascending("address.city"), Indexes.descending("joined")));
        people.createIndex(Indexes.ascending("nickname"), new IndexOptions().sparse(true));

        MongoCollection<Document> invoices = db.getCollection("invoices");
        List<Document> inv = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            List<Document> lines = new ArrayList<>();
            for (int j = 0; j < 1 + r.nextInt(6); j++) {
                lines.add(new Document("sku", "SKU-" + r.nextInt(1000)).append("qty", 1 + r.nextInt(9))
                        .append("price", new Decimal128(new BigDecimal(r.nextInt(100000) + ".50"))));
            }
            inv.add(new Document("_id", "INV-" + i).append("customer", "C" + r.nextInt(50)).append("lines", lines)
                    .append("issued", new Date(1_700_000_000_000L + i * 86_400_000L)));
        }
        invoices.insertMany(inv);
        invoices.createIndex(Indexes.ascending("customer"));
        invoices.createIndex(Indexes.ascending("issued"), new IndexOptions().expireAfter(400L * 86400, TimeUnit.SECONDS));

        db.getCollection("empty_settings").insertOne(new Document("_id", 1));
        db.getCollection("empty_settings").deleteMany(new Document());
    }

    private static byte[] uuidBytes(UUID u) {
        return java.nio.ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits()).array();
    }

    /** Collection to its documents' exact bytes (hex), in _id order; the library's staging collections left out. */
    private static Map<String, List<String>> rawDocuments(MongoDatabase db) {
        Map<String, List<String>> out = new TreeMap<>();
        for (String n : db.listCollectionNames()) {
            if (n.startsWith(MongoDatabaseSource.DEFAULT_STAGING_PREFIX)) {
                continue;
            }
            List<String> docs = new ArrayList<>();
            for (RawBsonDocument d : db.getCollection(n, RawBsonDocument.class).find().sort(Sorts.ascending("_id"))) {
                java.nio.ByteBuffer b = d.getByteBuffer().asNIO();
                byte[] bytes = new byte[b.remaining()];
                b.get(bytes);
                docs.add(java.util.HexFormat.of().formatHex(bytes));
            }
            out.put(n, docs);
        }
        return out;
    }

    /** Collection to its index definitions, the server-added {@code ns} and {@code v} left out. */
    private static Map<String, List<Document>> indexes(MongoDatabase db) {
        Map<String, List<Document>> out = new TreeMap<>();
        for (String n : db.listCollectionNames()) {
            if (n.startsWith(MongoDatabaseSource.DEFAULT_STAGING_PREFIX)) {
                continue;
            }
            List<Document> idx = new ArrayList<>();
            for (Document d : db.getCollection(n).listIndexes()) {
                d.remove("ns");
                d.remove("v");
                idx.add(d);
            }
            idx.sort(java.util.Comparator.comparing(d -> d.getString("name")));
            out.put(n, idx);
        }
        return out;
    }
}
