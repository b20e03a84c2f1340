package com.daaisuite.backup.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.daaisuite.backup.core.BackupJob;
import com.daaisuite.backup.core.BackupResult;
import com.daaisuite.backup.core.BackupTrigger;
import com.daaisuite.backup.core.Backups;
import com.daaisuite.backup.core.RestoreRequest;
import com.daaisuite.backup.core.Snapshot;
import com.daaisuite.backup.core.spi.StorageBackend;
import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.core.spi.StorageUpload;
import com.daaisuite.backup.core.spi.TenantDirectory;
import com.daaisuite.backup.crypto.KeyProviders;
import com.daaisuite.backup.crypto.MasterKey;
import com.daaisuite.backup.crypto.spi.KeyProvider;
import com.daaisuite.backup.mongo.MongoBackupLock;
import com.daaisuite.backup.mongo.MongoDatabaseSource;
import com.daaisuite.backup.storage.fs.FileSystemStorageBackend;
import com.daaisuite.backup.storage.s3.S3StorageBackend;
import com.daaisuite.backup.testing.RecordingListener;
import com.daaisuite.backup.testing.source.InMemoryDatabaseSource;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Promise 6: across a full backup / list / inspect / verify / restore cycle on file and S3 storage,
 * and the failure paths (wrong key, tampered archive, missing key, malformed keys, bad S3
 * credentials), nothing that is logged (every logger, the library's at TRACE), printed to
 * System.out/err, put in an exception message (causes and suppressed included), an event or a
 * {@code toString()} contains the test master keys in hex or base64 (standard and URL-safe, padded
 * or not, or their first half), the S3 secret access key, or a database password.
 */
class SecretsTest {
    static final String BAD_S3_SECRET = "bad-Secret/Access+Key-0000aaaa1111bbbb2222";
    static final String MONGO_PASSWORD = "Mongo-Pa55w0rd-Secret";

    @TempDir
    Path root;

    final List<String> texts = new ArrayList<>();

    private void collect(Object o) {
        if (o != null) {
            texts.add(String.valueOf(o));
        }
    }

    private void collectThrowable(Throwable t) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        List<Throwable> todo = new ArrayList<>(List.of(t));
        while (!todo.isEmpty()) {
            Throwable x = todo.remove(todo.size() - 1);
            if (x == null || seen.put(x, true) != null) {
                continue;
            }
            texts.add(x.toString());
            texts.add(String.valueOf(x.getMessage()));
            texts.add(String.valueOf(x.getLocalizedMessage()));
            todo.add(x.getCause());
            todo.addAll(List.of(x.getSuppressed()));
        }
    }

    /** Runs an action, keeping its result's text or its exception's whole chain. */
    private void attempt(Supplier<?> action) {
        try {
            collect(action.get());
        } catch (RuntimeException | Error e) {
            collectThrowable(e);
        }
    }

    @Test
    void noKeyMaterialOrCredentialEverAppearsInLogsOutputMessagesOrToString() throws Exception {
        List<String> forbidden = new ArrayList<>();
        forbidden.addAll(Fixtures.encodings(Fixtures.KEY_A_BYTES));
        forbidden.addAll(Fixtures.encodings(Fixtures.KEY_B_BYTES));
        forbidden.addAll(List.of(InProcessS3.SECRET_KEY, BAD_S3_SECRET, MONGO_PASSWORD));

        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        LogCapture logs = new LogCapture();
        System.setOut(new PrintStream(new Tee(out, console), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(err, console), true, StandardCharsets.UTF_8));
        int scenarios = 0;
        try (InProcessS3 s3 = InProcessS3.start(); S3Client client = s3.client();
                S3Client badClient = InProcessS3.client(s3.endpoint(), BAD_S3_SECRET);
                InProcessMongo mongo = new InProcessMongo();
                MongoClient withPassword = MongoClients.create(Fixtures.mongoSettings(
                        "mongodb://backup:" + MONGO_PASSWORD + "@127.0.0.1:" + mongo.port() + "/?authSource=admin"))) {
            client.createBucket(b -> b.bucket("secrets"));
            StorageBackend fs = FileSystemStorageBackend.at(root);
            StorageBackend s3Storage = S3StorageBackend.builder().bucket("secrets").prefix("prod").client(client).build();
            StorageBackend badS3 = S3StorageBackend.builder().bucket("secrets").client(badClient).build();
            MongoDatabaseSource mongoSource = MongoDatabaseSource.builder(withPassword).build();
            collect(mongoSource);
            collect(mongoSource.describe());
            collect(new MongoBackupLock(withPassword.getDatabase("app").getCollection("locks")));
            for (StorageBackend storage : List.of(fs, s3Storage)) {
                scenarios += cycle(storage, s3, client);
            }
            // Bad S3 credentials: every operation fails, with a message and no secret.
            InMemoryDatabaseSource src = source();
            try (Backups b = backups(src, badS3, KeyProviders.of(Fixtures.KEY_A), new RecordingListener())) {
                attempt(() -> b.backup(Fixtures.ADMIN, "secrets", BackupTrigger.MANUAL));
                attempt(() -> b.catalog().list(Fixtures.ADMIN, "secrets"));
                attempt(() -> b.status(Fixtures.ADMIN, "secrets"));
                collect(b);
                collect(badS3);
                scenarios++;
            }
            // Malformed keys: the text is never echoed.
            String hex = HexFormat.of().formatHex(Fixtures.KEY_A_BYTES);
            String b64 = Base64.getEncoder().encodeToString(Fixtures.KEY_A_BYTES);
            for (String bad : List.of(hex.substring(1), hex + "00", hex.replace('8', 'g'), b64.substring(2), b64 + "AAAA",
                    b64.replace('+', '*'), hex.substring(0, 62) + " " + hex.substring(62))) {
                attempt(() -> MasterKey.parse(bad));
                scenarios++;
            }
            attempt(() -> MasterKey.of(java.util.Arrays.copyOf(Fixtures.KEY_A_BYTES, 31)));
            attempt(() -> KeyProviders.fromUri("env:DAAI_RELIABILITY_UNSET_VARIABLE").currentKey());
            collect(KeyProviders.of(Fixtures.KEY_A, Fixtures.KEY_B));
            collect(KeyProviders.of(null, Fixtures.KEY_A).describe());
            collect(Fixtures.KEY_A);
            collect(Fixtures.KEY_A.id());
            collect(Fixtures.KEY_B);
        } finally {
            System.setOut(out);
            System.setErr(err);
            logs.close();
        }
        texts.addAll(logs.lines());
        texts.add(console.toString(StandardCharsets.UTF_8));

        List<String> leaks = new ArrayList<>();
        for (String text : texts) {
            for (String secret : forbidden) {
                if (text.contains(secret)) {
                    leaks.add("'" + secret.substring(0, 6) + "...' in: " + HostileInputTest.printable(text));
                }
            }
        }
        System.out.printf("[secrets] %d scenarios, %d texts scanned (%d log events), %d forbidden strings, %d leaks%n",
                scenarios, texts.size(), logs.lines().size(), forbidden.size(), leaks.size());
        assertThat(leaks).isEmpty();
        assertThat(logs.lines()).as("the capture saw the library's logging").isNotEmpty();
    }

    /** Happy path and failure paths on one storage; returns the number of scenarios run. */
    private int cycle(StorageBackend storage, InProcessS3 s3, S3Client client) throws Exception {
        RecordingListener events = new RecordingListener();
        InMemoryDatabaseSource src = source();
        int scenarios = 0;
        try (Backups b = backups(src, storage, KeyProviders.of(Fixtures.KEY_A, Fixtures.KEY_B), events)) {
            collect(b);
            collect(b.settings());
            collect(storage);
            collect(storage.describe());
            collect(src);
            BackupResult r = b.backup(Fixtures.ADMIN, "secrets", BackupTrigger.MANUAL);
            collect(r);
            Snapshot s = r.snapshot();
            collect(b.catalog().list(Fixtures.ADMIN, "secrets"));
            collect(b.catalog().inspect(Fixtures.ADMIN, "secrets", s.fileName()));
            collect(b.catalog().verify(Fixtures.ADMIN, "secrets", s.fileName()));
            collect(b.status(Fixtures.ADMIN, "secrets"));
            collect(b.catalog().prune(Fixtures.ADMIN, "secrets", true));
            BackupJob job = b.backupNow(Fixtures.ADMIN, "secrets", "note");
            collect(job.await(Duration.ofSeconds(60)));
            collect(job);
            // A Backup Now job completes just before its lease is released: wait for the lock to be free.
            awaitLockFree(b);
            collect(b.restores().prepare(Fixtures.ADMIN, "secrets", s.fileName()));
            collect(b.restores().restore(Fixtures.ADMIN, new RestoreRequest("secrets", s.fileName(), "Workspace SECRETS")));
            scenarios++;

            // Tampered archive.
            byte[] bytes;
            try (InputStream in = storage.openRead(StorageKey.of("secrets", s.fileName()))) {
                bytes = in.readAllBytes();
            }
            bytes[bytes.length / 2] ^= 1;
            String tampered = "manual_20200101T000000Z.gz.enc";
            try (StorageUpload up = storage.openUpload(StorageKey.of("secrets", tampered))) {
                up.write(bytes);
                up.commit();
            }
            attempt(() -> b.catalog().verify(Fixtures.ADMIN, "secrets", tampered));
            attempt(() -> b.restores().restore(Fixtures.ADMIN, new RestoreRequest("secrets", tampered, "Workspace SECRETS")));
            scenarios++;
            // Refusals.
            attempt(() -> b.restores().restore(Fixtures.ADMIN, new RestoreRequest("secrets", s.fileName(), "wrong name")));
            attempt(() -> b.restores().restore(Fixtures.VIEWER, new RestoreRequest("secrets", s.fileName(), "Workspace SECRETS")));
            scenarios++;

            // Wrong key: a reader with only key B.
            try (Backups wrong = backups(src, storage, KeyProviders.of(Fixtures.KEY_B), events)) {
                attempt(() -> wrong.catalog().verify(Fixtures.ADMIN, "secrets", s.fileName()));
                attempt(() -> wrong.restores().restore(Fixtures.ADMIN, new RestoreRequest("secrets", s.fileName(), "Workspace SECRETS")));
                collect(wrong);
                scenarios++;
            }
            // Missing key: decrypt-only provider, so a new backup is refused.
            try (Backups missing = backups(src, storage, KeyProviders.of(null, Fixtures.KEY_A), events)) {
                attempt(() -> missing.backup(Fixtures.ADMIN, "secrets", BackupTrigger.MANUAL));
                attempt(() -> missing.status(Fixtures.ADMIN, "secrets"));
                attempt(() -> missing.backupNow(Fixtures.ADMIN, "secrets", ""));
                collect(missing);
                scenarios++;
            }
        }
        events.events().forEach(e -> {
            collect(e);
            if (e.error() != null) {
                collectThrowable(e.error());
            }
        });
        return scenarios;
    }

    private static void awaitLockFree(Backups b) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            try {
                b.catalog().prune(Fixtures.ADMIN, "secrets", false);
                return;
            } catch (com.daaisuite.backup.core.BackupInProgressException busy) {
                Thread.sleep(10);
            }
        }
    }

    private static InMemoryDatabaseSource source() {
        InMemoryDatabaseSource src = new InMemoryDatabaseSource();
        src.insert(Fixtures.tenant("secrets").databaseName(), "salaries", "confidential".getBytes());
        return src;
    }

    private static Backups backups(InMemoryDatabaseSource src, StorageBackend storage, KeyProvider keys, RecordingListener events) {
        return Backups.builder().source(src).storage(storage).keys(keys)
                .tenants(TenantDirectory.of(List.of(Fixtures.tenant("secrets")))).access(Fixtures.ACCESS).listener(events)
                .nodeName("secrets").build();
    }

    /** Writes to the real stream and to a buffer. */
    static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            a.flush();
        }
    }
}
