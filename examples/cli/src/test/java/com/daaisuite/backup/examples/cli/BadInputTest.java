package com.daaisuite.backup.examples.cli;

import com.daaisuite.backup.crypto.KeyProviders;
import static org.assertj.core.api.Assertions.assertThat;

import com.daaisuite.backup.crypto.MasterKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and one-line messages for the inputs an operator gets wrong in the bad hour. */
class BadInputTest {
    static CliHarness h;
    static MasterKey key;
    static Map<String, String> env;
    @TempDir
    static Path storage;
    static String file;

    @BeforeAll
    static void start() {
        h = new CliHarness();
        key = CliHarness.newKey();
        env = CliHarness.env(key);
        h.seed("db_acme");
        file = h.backup(env, storage, "acme", "db_acme");
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    static Path archive() {
        return storage.resolve("acme").resolve("db-backups").resolve(file);
    }

    @Test
    void anUnknownStorageUriSchemeIsAUsageErrorNamingTheScheme() {
        CliHarness.Result r = CliHarness.run(env, "list", "--storage", "ftp://backups.example/acme", "--tenant", "acme");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("'ftp:'", "file:/path/to/backups or s3://bucket/prefix");
        assertThat(r.err().strip().lines()).hasSize(1);
    }

    @Test
    void anUnknownMongoUriSchemeIsAUsageError() {
        CliHarness.Result r = CliHarness.run(env, "backup", "--mongo", "postgres://db", "--db", "x", "--tenant", "acme",
                "--storage", storage.toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("'postgres:'");
    }

    @Test
    void aMissingRequiredOptionIsAUsageError() {
        CliHarness.Result r = CliHarness.run(env, "list", "--tenant", "acme");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--storage");
    }

    @Test
    void anInvalidTenantIdIsAUsageError() {
        CliHarness.Result r = CliHarness.run(env, "list", "--storage", storage.toString(), "--tenant", "../etc");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("tenant id");
    }

    @Test
    void aMalformedKeyIsAUsageErrorThatNeverEchoesTheKey() {
        CliHarness.Result r = CliHarness.run(Map.of(KeyProviders.CURRENT_KEY_VARIABLE, "not-a-key-secret123"), "status", "--storage",
                storage.toString(), "--tenant", "acme");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("BACKUP_ENCRYPTION_KEY").doesNotContain("not-a-key-secret123");
    }

    @Test
    void aWrongKeyIsAnIntegrityErrorNamingTheArchivesKeyId() {
        CliHarness.Result r = CliHarness.run(CliHarness.env(CliHarness.newKey()), "verify", "--storage", storage.toString(),
                "--tenant", "acme", "--file", file);

        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains(key.id().toString(), "BACKUP_ENCRYPTION_KEYS_RETIRED");
        assertThat(r.err().strip().lines()).hasSize(1);
    }

    @Test
    void aTamperedArchiveIsAnIntegrityError(@TempDir Path dir) throws Exception {
        byte[] bytes = Files.readAllBytes(archive());
        bytes[bytes.length / 2] ^= 0x01;
        Path tampered = dir.resolve(file);
        Files.write(tampered, bytes);

        CliHarness.Result r = CliHarness.run(env, "verify", "--archive", tampered.toString(), "--tenant", "acme");

        assertThat(r.code()).as(r.toString()).isEqualTo(3);
        assertThat(r.err().strip().lines()).hasSize(1);
    }

    @Test
    void aTamperedArchiveIsNeverRestored(@TempDir Path dir) throws Exception {
        byte[] bytes = Files.readAllBytes(archive());
        bytes[bytes.length - 20] ^= 0x40;
        Path tampered = dir.resolve("tampered.gz.enc");
        Files.write(tampered, bytes);
        long before = h.client.getDatabase("db_acme").getCollection("invoices").countDocuments();
        h.client.getDatabase("db_acme").getCollection("invoices").insertOne(new org.bson.Document("_id", "marker"));

        java.util.List<String> names = h.client.getDatabase("db_acme").listCollectionNames().into(new java.util.ArrayList<>());

        CliHarness.Result r = CliHarness.run(env, "restore", "--mongo", h.mongoUri, "--db", "db_acme", "--tenant", "acme",
                "--archive", tampered.toString(), "--confirm", "acme");

        assertThat(r.code()).as(r.toString()).isEqualTo(3);
        assertThat(h.client.getDatabase("db_acme").getCollection("invoices").countDocuments()).isEqualTo(before + 1);
        // The whole archive is proven before anything: no collection was created, no safety backup taken.
        assertThat(h.client.getDatabase("db_acme").listCollectionNames().into(new java.util.ArrayList<>()))
                .containsExactlyInAnyOrderElementsOf(names);
        assertThat(h.client.getDatabase("daai_backup").getCollection("restore_journal")
                .countDocuments(new org.bson.Document("_id", "db_acme"))).as("no restore journal").isZero();
        Path safety = dir.resolve("daai-backup-safety");
        if (Files.exists(safety)) {
            try (var files = Files.walk(safety)) {
                assertThat(files.filter(f -> f.getFileName().toString().startsWith("pre-restore"))).isEmpty();
            }
        }
        h.client.getDatabase("db_acme").getCollection("invoices").deleteOne(new org.bson.Document("_id", "marker"));
    }

    @Test
    void anotherTenantsArchiveIsAnIntegrityErrorNamingItsOwner() {
        CliHarness.Result r = CliHarness.run(env, "verify", "--archive", archive().toString(), "--tenant", "globex");

        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains("belongs to tenant acme");
    }

    @Test
    void anotherTenantsArchiveCannotBeDecryptedForThem(@TempDir Path dir) {
        CliHarness.Result r = CliHarness.run(env, "decrypt", "--tenant", "globex", archive().toString(),
                dir.resolve("out.gz").toString());

        assertThat(r.code()).isEqualTo(3);
        assertThat(dir.resolve("out.gz")).doesNotExist();
    }

    @Test
    void aMissingArchiveFileIsAFailureSayingFileNotFound() {
        CliHarness.Result r = CliHarness.run(env, "verify", "--archive", storage.resolve("nope.gz.enc").toString(), "--tenant", "acme");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("File not found", "nope.gz.enc");
    }

    @Test
    void aMissingSnapshotInStorageIsAFailureNamingIt() {
        CliHarness.Result r = CliHarness.run(env, "verify", "--storage", storage.toString(), "--tenant", "acme", "--file",
                "manual_20200101T000000Z.gz.enc");

        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("manual_20200101T000000Z.gz.enc");
    }

    @Test
    void backupWithoutAKeyFailsAndWritesNothing() {
        CliHarness.Result r = CliHarness.run(Map.of(), "backup", "--mongo", h.mongoUri, "--db", "db_acme", "--tenant", "nokey",
                "--storage", storage.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("BACKUP_ENCRYPTION_KEY");
        assertThat(storage.resolve("nokey").resolve("db-backups")).satisfiesAnyOf(
                p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyDirectory());
    }

    @Test
    void verboseAddsTheStackTraceAfterTheOneLineMessage() {
        CliHarness.Result r = CliHarness.run(env, "verify", "--verbose", "--archive", archive().toString(), "--tenant", "globex");

        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err().lines().count()).isGreaterThan(3);
        assertThat(r.err()).contains("WrongTenantException", "\tat ");
    }

    @Test
    void noCommandIsAUsageError() {
        CliHarness.Result r = CliHarness.run(env);

        assertThat(r.code()).isEqualTo(2);
    }
}
