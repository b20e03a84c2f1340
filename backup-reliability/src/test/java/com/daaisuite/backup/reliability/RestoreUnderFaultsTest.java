package com.daaisuite.backup.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.daaisuite.backup.IntegrityException;
import com.daaisuite.backup.core.BackupResult;
import com.daaisuite.backup.core.BackupTrigger;
import com.daaisuite.backup.core.Backups;
import com.daaisuite.backup.core.RestoreRequest;
import com.daaisuite.backup.core.RestoreResult;
import com.daaisuite.backup.core.Snapshot;
import com.daaisuite.backup.core.SnapshotLabel;
import com.daaisuite.backup.core.SourceException;
import com.daaisuite.backup.core.StorageException;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.spi.ProgressListener;
import com.daaisuite.backup.core.spi.StorageBackend;
import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.core.spi.StorageObject;
import com.daaisuite.backup.core.spi.StorageUpload;
import com.daaisuite.backup.core.spi.TenantDirectory;
import com.daaisuite.backup.crypto.ArchiveTamperedException;
import com.daaisuite.backup.crypto.Dbk1;
import com.daaisuite.backup.crypto.KeyProviders;
import com.daaisuite.backup.mongo.MongoDatabaseSource;
import com.daaisuite.backup.storage.fs.FileSystemStorageBackend;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.RawBsonDocument;
import org.bson.Document;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;
import org.bson.BsonBinaryWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Promise 2: a restore of a tampered or corrupt archive (corrupt last DBK1 segment, CRC mismatch in the
 * last namespace) is refused by the whole-archive proof before anything happens: no collection is
 * created, no safety backup is taken, the live database is unchanged document for document. A restore
 * that fails in the middle (database connection lost while loading, process killed while loading)
 * leaves the live database unchanged, and the pre-restore safety backup exists. MongoDB is
 * mongo-java-server over TCP, storage a file: folder, keys real DBK1 keys, all through the public
 * {@link Backups} API.
 */
class RestoreUnderFaultsTest {
    static final String TENANT = "faults";
    static final Tenant T = Fixtures.tenant(TENANT);

    @TempDir
    static Path root;

    static InProcessMongo mongo;
    static MongoClient client;
    static MongoDatabase db;
    static MongoDatabaseSource source;
    static final AtomicLong cutAfter = new AtomicLong(-1);
    /** Which archive open (counted from arming) gets the cut: 2 = the load, after the restore's pre-check. */
    static final java.util.concurrent.atomic.AtomicInteger opensUntilCut = new java.util.concurrent.atomic.AtomicInteger();
    /** Only opens of this archive are counted (the safety backup's own archive is read back too). */
    static volatile String cutName = "";
    /** When at least 0: the cut waits until the tenant's folder holds this many committed pre-restore snapshots. */
    static final AtomicLong cutWaitsForSafetySnapshots = new AtomicLong(-1);
    static Backups backups;

    @BeforeAll
    static void start() {
        mongo = new InProcessMongo();
        client = MongoClients.create(Fixtures.mongoSettings(mongo.uri()));
        db = client.getDatabase(T.databaseName());
        source = MongoDatabaseSource.builder(client).build();
        StorageBackend storage = new CuttingStorage(FileSystemStorageBackend.at(root));
        // Small DBK1 segments: the archive has many, and the corrupt one is the last: only reading the
        // whole archive first (the restore's proof) finds it before anything changes.
        backups = Backups.builder().source(source).storage(storage).keys(KeyProviders.of(Fixtures.KEY_A))
                .encryption(com.daaisuite.backup.crypto.Dbk1Options.builder()
                        .segmentSize(com.daaisuite.backup.crypto.Dbk1Options.MIN_SEGMENT_SIZE).build())
                .tenants(TenantDirectory.of(List.of(T))).access(Fixtures.ACCESS).nodeName("faults").build();
    }

    @AfterAll
    static void stop() {
        backups.close();
        client.close();
        mongo.close();
    }

    @BeforeEach
    void seed() {
        db.drop();
        Random r = new Random(42);
        for (String c : List.of("accounts", "invoices", "ledger")) {
            MongoCollection<Document> coll = db.getCollection(c);
            List<Document> docs = new ArrayList<>();
            for (int i = 0; i < 1500; i++) {
                docs.add(new Document("_id", c + "-" + i).append("n", i).append("text", Fixtures.randomText(r, 120)));
            }
            coll.insertMany(docs);
        }
    }

    /** Takes a good backup, then changes the live data so that any restore would show. */
    private static Snapshot goodBackupThenChangeLive() {
        BackupResult r = backups.backup(Fixtures.ADMIN, TENANT, BackupTrigger.MANUAL);
        db.getCollection("ledger").insertOne(new Document("_id", "written-after-the-backup"));
        db.getCollection("accounts").deleteOne(new Document("_id", "accounts-7"));
        return r.snapshot();
    }

    private static long preRestoreSnapshots() {
        return backups.catalog().list(Fixtures.ADMIN, TENANT).stream().filter(s -> s.label() == SnapshotLabel.PRE_RESTORE).count();
    }

    /** A refused archive: nothing was written anywhere, not even a safety backup or an empty collection. */
    private static Throwable restoreRefused(String file) {
        Map<String, List<String>> before = MongoState.live(db);
        List<String> namesBefore = db.listCollectionNames().into(new ArrayList<>());
        long safetyBefore = preRestoreSnapshots();
        Throwable[] thrown = new Throwable[1];
        assertThatThrownBy(() -> backups.restores().restore(Fixtures.ADMIN, new RestoreRequest(TENANT, file, T.workspaceName())))
                .satisfies(t -> thrown[0] = t);
        assertThat(MongoState.diff(before, MongoState.live(db))).as("live database unchanged document for document").isEmpty();
        assertThat(db.listCollectionNames().into(new ArrayList<>())).as("no collection created or dropped")
                .containsExactlyInAnyOrderElementsOf(namesBefore);
        assertThat(source.interruptedRestore(T.databaseName())).as("no restore journal").isEmpty();
        assertThat(preRestoreSnapshots()).as("no pre-restore safety backup (restore threw %s)", thrown[0]).isEqualTo(safetyBefore);
        return thrown[0];
    }

    private static Path folder() {
        return root.resolve(TENANT).resolve(StorageKey.FOLDER);
    }

    @Test
    void aCorruptLastDbk1SegmentIsRefusedAndTheLiveDatabaseIsUnchanged() throws IOException {
        Snapshot good = goodBackupThenChangeLive();
        byte[] bytes = Files.readAllBytes(folder().resolve(good.fileName()));
        bytes[bytes.length - 20] ^= 0x40; // inside the last segment's ciphertext or tag
        // Corrupted in place: a copy under another name would be refused up front as a replay of this
        // snapshot (its sealed manifest describes that very archive), before the load this test is about.
        String bad = good.fileName();
        Files.write(folder().resolve(bad), bytes);

        Throwable t = restoreRefused(bad);

        assertThat(t).isInstanceOf(ArchiveTamperedException.class);
        assertThat(MongoState.staging(db)).isEmpty();
    }

    @Test
    void aCrcMismatchInTheLastNamespaceIsRefusedAndTheLiveDatabaseIsUnchanged() throws IOException {
        goodBackupThenChangeLive();
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        source.dump(T.databaseName(), plain, ProgressListener.NONE);
        String lastNamespace = corruptCrcOfLastNamespace(plain.toByteArray());
        assertThat(lastNamespace).isEqualTo("ledger");
        byte[] payload = plain.toByteArray();
        corruptCrcOfLastNamespaceInPlace(payload);
        String bad = "manual_20200102T000000Z.gz.enc";
        try (OutputStream file = Files.newOutputStream(folder().resolve(bad));
                OutputStream enc = Dbk1.encrypt(file, Fixtures.KEY_A, TENANT);
                GZIPOutputStream gz = new GZIPOutputStream(enc)) {
            gz.write(payload);
        }

        Throwable t = restoreRefused(bad);

        assertThat(t).isInstanceOf(IntegrityException.class);
        assertThat(t.getMessage()).containsIgnoringCase("crc");
        assertThat(MongoState.staging(db)).isEmpty();
    }

    @Test
    void aDatabaseConnectionLostWhileLoadingLeavesTheLiveDatabaseUnchanged() throws Exception {
        Snapshot good = goodBackupThenChangeLive();
        Map<String, List<String>> before = MongoState.live(db);
        long safetyBefore = preRestoreSnapshots();
        cutAfter.set(Files.size(folder().resolve(good.fileName())) * 3 / 4);
        cutName = good.fileName();
        // The third open of the archive is the load: the whole-archive proof reads it first, then its header
        // is read again for the sealed manifest's binding.
        opensUntilCut.set(3);
        // The safety backup runs beside the load: the connection is lost once it is committed, while loading.
        cutWaitsForSafetySnapshots.set(safetyBefore + 1);
        Throwable thrown;
        try {
            thrown = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, () -> backups.restores()
                    .restore(Fixtures.ADMIN, new RestoreRequest(TENANT, good.fileName(), T.workspaceName())));
        } finally {
            cutAfter.set(-1);
            cutWaitsForSafetySnapshots.set(-1);
            mongo.restart();
        }
        assertThat(thrown).isInstanceOfAny(SourceException.class, StorageException.class);
        assertThat(thrown.getMessage()).as("the connection was lost while loading").contains("loading");
        assertThat(CuttingStorage.cuts.get()).isEqualTo(1);
        assertThat(MongoState.diff(before, MongoState.live(db))).as("live database unchanged document for document").isEmpty();
        assertThat(preRestoreSnapshots()).isEqualTo(safetyBefore + 1);

        // Staging leftovers, if the lost connection kept them from being dropped, go with the next restore.
        RestoreResult ok = backups.restores().restore(Fixtures.ADMIN, new RestoreRequest(TENANT, good.fileName(), T.workspaceName()));
        assertThat(ok.documents()).isEqualTo(4500);
        assertThat(MongoState.staging(db)).isEmpty();
        assertThat(db.getCollection("ledger").countDocuments(new Document("_id", "written-after-the-backup"))).isZero();
    }

    @Test
    void verifyOfAnArchiveTruncatedUnderAValidGzipAndDbk1LayerReportsAProblem() throws IOException {
        goodBackupThenChangeLive();
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        source.dump(T.databaseName(), plain, ProgressListener.NONE);
        byte[] payload = java.util.Arrays.copyOf(plain.toByteArray(), plain.size() / 2);
        String bad = "manual_20200103T000000Z.gz.enc";
        try (OutputStream file = Files.newOutputStream(folder().resolve(bad));
                OutputStream enc = Dbk1.encrypt(file, Fixtures.KEY_A, TENANT);
                GZIPOutputStream gz = new GZIPOutputStream(enc)) {
            gz.write(payload);
        }
        boolean detected;
        try {
            detected = !backups.catalog().verify(Fixtures.ADMIN, TENANT, bad).ok();
        } catch (IntegrityException e) {
            detected = true;
        }
        assertThat(detected).as("verify detects a truncated mongodump archive (restore does: see the CRC test)").isTrue();
    }

    @Test
    @Tag("thorough")
    void aProcessKilledWhileLoadingLeavesLiveDataIntactAndTheNextRestoreRemovesTheStaging() throws Exception {
        Snapshot good = goodBackupThenChangeLive();
        // A bigger live database, so that loading takes long enough to be interrupted.
        List<Document> more = new ArrayList<>();
        for (int i = 0; i < 30_000; i++) {
            more.add(new Document("_id", "bulk-" + i).append("pad", "x".repeat(600)));
        }
        db.getCollection("bulk").insertMany(more);
        Snapshot big = backups.backup(Fixtures.ADMIN, TENANT, BackupTrigger.MANUAL).snapshot();
        db.getCollection("bulk").insertOne(new Document("_id", "after-the-big-backup"));
        Map<String, List<String>> before = MongoState.live(db);
        long safetyBefore = preRestoreSnapshots();

        Process p = Fixtures.startChild("256m", RestoreChildMain.class,
                List.of(Integer.toString(mongo.port()), root.toString(), TENANT, big.fileName()),
                Map.of("BACKUP_ENCRYPTION_KEY", Base64.getEncoder().encodeToString(Fixtures.KEY_A_BYTES)));
        Fixtures.ChildOutput out = new Fixtures.ChildOutput(p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (MongoState.staging(db).isEmpty() && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        Thread.sleep(new Random(Fixtures.seed("restore kill")).nextInt(300));
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
        assertThat(out.text()).as("the child was killed before it finished").doesNotContain("RESTORED");

        assertThat(MongoState.diff(before, MongoState.live(db))).as("live data intact after the kill").isEmpty();
        assertThat(preRestoreSnapshots()).as("the child's pre-restore safety backup exists").isEqualTo(safetyBefore + 1);

        RestoreResult next = backups.restores().restore(Fixtures.ADMIN, new RestoreRequest(TENANT, good.fileName(), T.workspaceName()));
        assertThat(next.documents()).isEqualTo(4500);
        assertThat(MongoState.staging(db)).as("staging collections removed by the next restore").isEmpty();
    }

    // ------------------------------------------------------------------ crafting a CRC mismatch

    /** @return the collection whose EOF block is the last of the archive (its CRC is the one changed) */
    private static String corruptCrcOfLastNamespace(byte[] archive) {
        return findLastEofHeader(archive).collection;
    }

    private static void corruptCrcOfLastNamespaceInPlace(byte[] archive) {
        EofHeader h = findLastEofHeader(archive);
        BsonDocument doc = new BsonDocumentCodec().decode(new org.bson.BsonBinaryReader(
                ByteBuffer.wrap(archive, h.offset, h.length).slice().order(ByteOrder.LITTLE_ENDIAN)),
                org.bson.codecs.DecoderContext.builder().build());
        long crc = doc.getInt64("CRC").getValue();
        doc.put("CRC", new BsonInt64(crc ^ 0x5a5a));
        BasicOutputBuffer buf = new BasicOutputBuffer();
        new BsonDocumentCodec().encode(new BsonBinaryWriter(buf), doc, EncoderContext.builder().build());
        byte[] encoded = buf.toByteArray();
        assertThat(encoded.length).isEqualTo(h.length);
        System.arraycopy(encoded, 0, archive, h.offset, h.length);
    }

    private record EofHeader(int offset, int length, String collection) {}

    private static EofHeader findLastEofHeader(byte[] a) {
        ByteBuffer b = ByteBuffer.wrap(a).order(ByteOrder.LITTLE_ENDIAN);
        int pos = 4; // magic
        boolean prelude = true;
        boolean blockStart = false;
        EofHeader last = null;
        while (pos < a.length) {
            int len = b.getInt(pos);
            if (len == -1) {
                pos += 4;
                prelude = false;
                blockStart = true;
                continue;
            }
            if (!prelude && blockStart) {
                BsonDocument d = new RawBsonDocument(a, pos, len).toBsonDocument();
                if (d.containsKey("EOF") && d.getBoolean("EOF").getValue()) {
                    last = new EofHeader(pos, len, d.getString("collection").getValue());
                }
                blockStart = false;
            }
            pos += len;
        }
        return last;
    }

    // ------------------------------------------------------------------ cutting the connection

    private static void awaitSafetySnapshots() throws IOException {
        long want = cutWaitsForSafetySnapshots.get();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (want >= 0) {
            long committed;
            try (java.util.stream.Stream<Path> files = Files.list(folder())) {
                committed = files.map(p -> p.getFileName().toString())
                        .filter(n -> n.startsWith("pre-restore_") && n.endsWith(".manifest")).count();
            }
            if (committed >= want) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the safety backup was not committed within 60 s");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException();
            }
        }
    }

    /** Delegates to a real backend; reading an archive stops the MongoDB server after {@link #cutAfter} bytes. */
    static final class CuttingStorage implements StorageBackend {
        static final AtomicLong cuts = new AtomicLong();
        private final StorageBackend delegate;

        CuttingStorage(StorageBackend delegate) {
            this.delegate = delegate;
        }

        @Override
        public StorageUpload openUpload(StorageKey key) throws IOException {
            return delegate.openUpload(key);
        }

        @Override
        public InputStream openRead(StorageKey key) throws IOException {
            long limit = cutAfter.get();
            InputStream in = delegate.openRead(key);
            if (limit < 0 || !key.fileName().equals(cutName) || opensUntilCut.decrementAndGet() != 0) {
                return in;
            }
            AtomicBoolean cut = new AtomicBoolean();
            return new FilterInputStream(in) {
                private long read;

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, Math.min(len, 16 * 1024));
                    read += Math.max(0, n);
                    if (read >= limit && cut.compareAndSet(false, true)) {
                        awaitSafetySnapshots();
                        cuts.incrementAndGet();
                        mongo.stop();
                    }
                    return n;
                }
            };
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
        public boolean cheapToReadTwice() {
            return delegate.cheapToReadTwice();
        }

        @Override
        public String describe() {
            return delegate.describe();
        }
    }
}
