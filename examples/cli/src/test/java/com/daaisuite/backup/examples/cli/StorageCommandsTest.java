package com.daaisuite.backup.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.daaisuite.backup.crypto.MasterKey;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** backup, list, verify, restore, prune, status and rekey, end to end against embedded MongoDB and a folder. */
class StorageCommandsTest {
    static CliHarness h;
    static MasterKey key;
    static Map<String, String> env;

    @TempDir
    Path storage;

    @BeforeAll
    static void start() {
        h = new CliHarness();
        key = CliHarness.newKey();
        env = CliHarness.env(key);
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    private Path archive(String tenant, String file) {
        return storage.resolve(tenant).resolve("db-backups").resolve(file);
    }

    @Test
    void backupWritesAnEncryptedManualArchiveThatListShowsNewestFirst() {
        h.seed("db_list");
        String first = h.backup(env, storage, "listco", "db_list");
        String second = h.backup(env, storage, "listco", "db_list");

        assertThat(first).startsWith("manual_").endsWith(".gz.enc");
        assertThat(second).isNotEqualTo(first);
        assertThat(archive("listco", first)).exists();
        CliHarness.Result list = CliHarness.run(env, "list", "--storage", storage.toString(), "--tenant", "listco");
        assertThat(list.code()).as(list.toString()).isZero();
        assertThat(list.out()).contains("Date/Time", "Frequency", "Size", "Encryption", "File", "IST", "2 snapshot(s)");
        assertThat(list.out().indexOf(second)).isLessThan(list.out().indexOf(first));
    }

    @Test
    void listJsonGivesOneObjectPerSnapshotWithTheTenantsLocalTime() {
        h.seed("db_json");
        String file = h.backup(env, storage, "jsonco", "db_json");

        CliHarness.Result r = CliHarness.run(env, "list", "--storage", "file:" + storage, "--tenant", "jsonco",
                "--zone", "Europe/Berlin", "--json");

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out().strip()).startsWith("[").endsWith("]");
        assertThat(r.out()).contains("\"fileName\": \"" + file + "\"", "\"label\": \"manual\"", "\"encrypted\": true",
                "\"zone\": \"Europe/Berlin\"", "\"pinned\": false");
    }

    @Test
    void listOfATenantWithoutSnapshotsSaysSoAndSucceeds() {
        CliHarness.Result r = CliHarness.run(env, "list", "--storage", storage.toString(), "--tenant", "empty");

        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("No snapshots for tenant empty");
    }

    @Test
    void verifyReadsTheWholeArchiveAndReportsItIntact() {
        h.seed("db_verify");
        String file = h.backup(env, storage, "verifyco", "db_verify");

        CliHarness.Result r = CliHarness.run(env, "verify", "--storage", storage.toString(), "--tenant", "verifyco", "--file", file);

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("OK: " + file, "sha256 ");
    }

    @Test
    void restoreFromStorageReplacesTheDatabaseAndKeepsAPreRestoreSafetyBackup() {
        h.seed("db_restore");
        String file = h.backup(env, storage, "restoreco", "db_restore");
        MongoDatabase db = h.client.getDatabase("db_restore");
        long invoices = db.getCollection("invoices").countDocuments();
        db.getCollection("invoices").deleteMany(Filters.eq("status", "paid"));

        CliHarness.Result r = CliHarness.run(env, "restore", "--mongo", h.mongoUri, "--db", "db_restore", "--tenant", "restoreco",
                "--storage", storage.toString(), "--file", file, "--confirm", "restoreco", "--lock", "app.backup_locks");

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Restore workspace \"restoreco\"", "Snapshot   " + file, "will be replaced",
                "Safety backup taken first: pre-restore_");
        assertThat(db.getCollection("invoices").countDocuments()).isEqualTo(invoices);
        // The lease was taken in the app's lock collection, as the app's own nodes would see it.
        assertThat(h.client.getDatabase("app").getCollection("backup_locks").countDocuments(Filters.eq("_id", "restoreco")))
                .isEqualTo(1);
        CliHarness.Result list = CliHarness.run(env, "list", "--storage", storage.toString(), "--tenant", "restoreco");
        assertThat(list.out()).contains("pre-restore", file);
    }

    @Test
    void aPlantedPlaintextSnapshotIsRefusedWithExit3UnlessExplicitlyAcceptedAndNeverWithRefusePlaintext() throws Exception {
        h.seed("db_plant");
        String file = h.backup(env, storage, "plantco", "db_plant");
        // The gzip inside the tenant's own archive, planted as a plaintext snapshot dated after it.
        Path plain = storage.resolve("plant.gz");
        assertThat(CliHarness.run(env, "decrypt", "--tenant", "plantco", archive("plantco", file).toString(), plain.toString())
                .code()).isZero();
        String planted = "manual_29991231T000000Z.gz";
        Files.move(plain, archive("plantco", planted));
        MongoDatabase db = h.client.getDatabase("db_plant");
        db.getCollection("invoices").deleteMany(Filters.eq("status", "paid"));
        long invoices = db.getCollection("invoices").countDocuments();
        String[] restore = {"restore", "--mongo", h.mongoUri, "--db", "db_plant", "--tenant", "plantco",
            "--storage", storage.toString(), "--file", planted, "--confirm", "plantco"};

        CliHarness.Result refused = CliHarness.run(env, restore);
        assertThat(refused.code()).as(refused.toString()).isEqualTo(3);
        assertThat(refused.out()).contains("Origin", "its origin cannot be verified");
        assertThat(db.getCollection("invoices").countDocuments()).isEqualTo(invoices);

        String[] strict = java.util.stream.Stream.concat(java.util.Arrays.stream(restore),
                java.util.stream.Stream.of("--accept-unverified-origin", "--refuse-plaintext")).toArray(String[]::new);
        CliHarness.Result never = CliHarness.run(env, strict);
        assertThat(never.code()).as(never.toString()).isEqualTo(3);
        assertThat(never.err()).contains("refuses plaintext entirely");
        assertThat(db.getCollection("invoices").countDocuments()).isEqualTo(invoices);

        String[] accepted = java.util.stream.Stream.concat(java.util.Arrays.stream(restore),
                java.util.stream.Stream.of("--accept-unverified-origin")).toArray(String[]::new);
        CliHarness.Result ok = CliHarness.run(env, accepted);
        assertThat(ok.code()).as(ok.toString()).isZero();
        assertThat(db.getCollection("invoices").countDocuments()).isGreaterThan(invoices);
    }

    @Test
    void restoreToAnotherDatabaseNeedsItsNameTypedAndLeavesTheTenantsDatabaseAlone() {
        h.seed("db_side");
        String file = h.backup(env, storage, "sideco", "db_side");
        MongoDatabase db = h.client.getDatabase("db_side");
        db.getCollection("invoices").deleteMany(Filters.eq("status", "paid"));
        long live = db.getCollection("invoices").countDocuments();
        h.client.getDatabase("db_side_inspect").drop();

        CliHarness.Result wrong = CliHarness.run(env, "restore", "--mongo", h.mongoUri, "--db", "db_side", "--tenant", "sideco",
                "--storage", storage.toString(), "--file", file, "--to-db", "db_side_inspect", "--confirm", "sideco");
        CliHarness.Result r = CliHarness.run(env, "restore", "--mongo", h.mongoUri, "--db", "db_side", "--tenant", "sideco",
                "--storage", storage.toString(), "--file", file, "--to-db", "db_side_inspect", "--confirm", "db_side_inspect");

        assertThat(wrong.code()).as(wrong.toString()).isEqualTo(4);
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("db_side_inspect (not the workspace's own db_side)", "Type the target database's name",
                "into database db_side_inspect", "No safety backup: database db_side_inspect did not exist before.");
        assertThat(db.getCollection("invoices").countDocuments()).as("the tenant's own database is untouched").isEqualTo(live);
        assertThat(h.client.getDatabase("db_side_inspect").getCollection("invoices").countDocuments()).isGreaterThan(live);
        h.client.getDatabase("db_side_inspect").drop();
    }

    @Test
    void restoreWithAWrongConfirmationIsRefusedWithExit4AndChangesNothing() {
        h.seed("db_refuse");
        String file = h.backup(env, storage, "refuseco", "db_refuse");
        MongoDatabase db = h.client.getDatabase("db_refuse");
        db.getCollection("leads").deleteMany(Filters.eq("stage", "lost"));
        long leads = db.getCollection("leads").countDocuments();

        CliHarness.Result r = CliHarness.run(env, "restore", "--mongo", h.mongoUri, "--db", "db_refuse", "--tenant", "refuseco",
                "--workspace", "Refuse Co", "--storage", storage.toString(), "--file", file, "--confirm", "refuse co");

        assertThat(r.code()).as(r.toString()).isEqualTo(4);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(db.getCollection("leads").countDocuments()).isEqualTo(leads);
        CliHarness.Result list = CliHarness.run(env, "list", "--storage", storage.toString(), "--tenant", "refuseco");
        assertThat(list.out()).doesNotContain("pre-restore");
    }

    @Test
    void restoreFromALooseArchiveFileWorksAndPutsTheSafetyBackupBesideIt(@TempDir Path loose) throws Exception {
        h.seed("db_loose");
        String file = h.backup(env, storage, "looseco", "db_loose");
        Path copy = loose.resolve("handed-over.gz.enc");
        Files.copy(archive("looseco", file), copy);
        h.client.getDatabase("db_loose").getCollection("employees").deleteMany(Filters.empty());

        CliHarness.Result r = CliHarness.run(env, "restore", "--mongo", h.mongoUri, "--db", "db_loose", "--tenant", "looseco",
                "--archive", copy.toString(), "--confirm", "looseco");

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(h.client.getDatabase("db_loose").getCollection("employees").countDocuments()).isEqualTo(240);
        try (Stream<Path> s = Files.list(loose.resolve("daai-backup-safety").resolve("looseco").resolve("db-backups"))) {
            assertThat(s.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("pre-restore_"));
        }
        assertThat(copy).exists();
    }

    @Test
    void restoreFromALooseArchiveRefusesASafetyFolderLinkPlantedInTheSharedFolder(@TempDir Path shared,
            @TempDir Path attackers) throws Exception {
        h.seed("db_linked");
        String file = h.backup(env, storage, "linkco", "db_linked");
        Path copy = shared.resolve("handed-over.gz.enc");
        Files.copy(archive("linkco", file), copy);
        // Someone else who can write the shared folder plants the safety folder as a link to their own.
        Files.createSymbolicLink(shared.resolve("daai-backup-safety"), attackers);
        long before = h.client.getDatabase("db_linked").getCollection("employees").countDocuments();
        List<String> collections = h.client.getDatabase("db_linked").listCollectionNames().into(new ArrayList<>());

        CliHarness.Result r = CliHarness.run(env, "restore", "--mongo", h.mongoUri, "--db", "db_linked", "--tenant", "linkco",
                "--archive", copy.toString(), "--confirm", "linkco");

        assertThat(r.code()).as(r.toString()).isEqualTo(4);
        assertThat(r.err()).contains("daai-backup-safety", "symbolic link", "--safety-storage");
        try (Stream<Path> s = Files.walk(attackers)) {
            assertThat(s.filter(Files::isRegularFile)).as("nothing written through the link").isEmpty();
        }
        assertThat(h.client.getDatabase("db_linked").getCollection("employees").countDocuments()).isEqualTo(before);
        assertThat(h.client.getDatabase("db_linked").listCollectionNames().into(new ArrayList<>()))
                .containsExactlyInAnyOrderElementsOf(collections);
    }

    @Test
    void restoreFromALooseArchiveCreatesItsSafetyFolderOwnerOnlyAndRefusesOneOthersCanWrite(@TempDir Path shared)
            throws Exception {
        h.seed("db_perm");
        String file = h.backup(env, storage, "permco", "db_perm");
        Path copy = shared.resolve("handed-over.gz.enc");
        Files.copy(archive("permco", file), copy);

        CliHarness.Result ok = CliHarness.run(env, "restore", "--mongo", h.mongoUri, "--db", "db_perm", "--tenant", "permco",
                "--archive", copy.toString(), "--confirm", "permco");
        assertThat(ok.code()).as(ok.toString()).isZero();
        Path safety = shared.resolve("daai-backup-safety");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(safety))).isEqualTo("rwx------");

        Files.setPosixFilePermissions(safety, PosixFilePermissions.fromString("rwxrwxrwx"));
        CliHarness.Result refused = CliHarness.run(env, "restore", "--mongo", h.mongoUri, "--db", "db_perm", "--tenant",
                "permco", "--archive", copy.toString(), "--confirm", "permco");
        assertThat(refused.code()).as(refused.toString()).isEqualTo(4);
        assertThat(refused.err()).contains("can be written by others");
    }

    @Test
    void pruneDryRunReportsAndDeletesNothing() {
        h.seed("db_prune");
        String file = h.backup(env, storage, "pruneco", "db_prune");

        CliHarness.Result r = CliHarness.run(env, "prune", "--storage", storage.toString(), "--tenant", "pruneco", "--dry-run");

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Would delete 0 snapshot(s) of tenant pruneco; keeping 1.");
        assertThat(archive("pruneco", file)).exists();
    }

    @Test
    void pruneKeepsTheNewestSnapshot() {
        h.seed("db_prune2");
        String file = h.backup(env, storage, "prune2co", "db_prune2");

        CliHarness.Result r = CliHarness.run(env, "prune", "--storage", storage.toString(), "--tenant", "prune2co");

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Deleted 0 snapshot(s)");
        assertThat(archive("prune2co", file)).exists();
    }

    @Test
    void deleteRemovesOneSnapshotAndRefusesAPinnedOne() throws Exception {
        h.seed("db_delete");
        String first = h.backup(env, storage, "deleteco", "db_delete");
        String second = h.backup(env, storage, "deleteco", "db_delete");
        java.nio.file.Files.write(archive("deleteco", second).resolveSibling(second + ".pin"), "{}".getBytes());

        CliHarness.Result pinned = CliHarness.run(env, "delete", "--storage", storage.toString(), "--tenant", "deleteco",
                "--file", second);
        assertThat(pinned.code()).as(pinned.toString()).isEqualTo(4);
        assertThat(pinned.err()).contains("pinned");
        assertThat(archive("deleteco", second)).exists();

        CliHarness.Result r = CliHarness.run(env, "delete", "--storage", storage.toString(), "--tenant", "deleteco",
                "--file", first);
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Deleted " + first + " of tenant deleteco.");
        assertThat(archive("deleteco", first)).doesNotExist();
        assertThat(archive("deleteco", second)).exists();
    }

    @Test
    void statusReportsTheKeyTheLastSnapshotAndTheNextDueTime() {
        h.seed("db_status");
        String file = h.backup(env, storage, "statusco", "db_status");

        CliHarness.Result r = CliHarness.run(env, "status", "--storage", storage.toString(), "--tenant", "statusco");

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Key           configured (current key id " + key.id(), "Last snapshot", file, "Next due");
    }

    @Test
    void statusWithoutAKeyShowsTheMissingKeyWarning() {
        CliHarness.Result r = CliHarness.run(Map.of(), "status", "--storage", storage.toString(), "--tenant", "nokeyco");

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("NOT CONFIGURED", "BACKUP_ENCRYPTION_KEY", "Last snapshot none");
    }

    @Test
    void rekeyMovesEveryArchiveOfARetiredKeyUnderTheCurrentKey() throws Exception {
        h.seed("db_rekey");
        MasterKey old = CliHarness.newKey();
        Map<String, String> oldEnv = CliHarness.env(old);
        String a = h.backup(oldEnv, storage, "rekeyco", "db_rekey");
        String b = h.backup(oldEnv, storage, "rekeyco", "db_rekey");
        MasterKey fresh = CliHarness.newKey();
        Map<String, String> rotated = CliHarness.env(fresh, old);

        CliHarness.Result r = CliHarness.run(rotated, "rekey", "--storage", storage.toString(), "--tenant", "rekeyco");

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Re-encrypted 2 archive(s) of tenant rekeyco");
        assertThat(archive("rekeyco", a)).doesNotExist();
        assertThat(archive("rekeyco", b)).doesNotExist();
        String suffix = "k" + fresh.id().toString().substring(0, 8) + ".gz.enc";
        String newA = a.replace(".gz.enc", "_" + suffix);
        assertThat(archive("rekeyco", newA)).exists();
        // The sealed manifest is bound to the old archive's name and header, so it went with it; none is left stray.
        assertThat(archive("rekeyco", a + ".manifest")).doesNotExist();
        assertThat(archive("rekeyco", a + ".manifest.json")).doesNotExist();
        assertThat(archive("rekeyco", newA + ".manifest.json")).doesNotExist();
        // Only the new key from now on: the retired one is no longer needed for these archives.
        CliHarness.Result v = CliHarness.run(CliHarness.env(fresh), "verify", "--storage", storage.toString(), "--tenant",
                "rekeyco", "--file", newA);
        assertThat(v.code()).as(v.toString()).isZero();
        CliHarness.Result again = CliHarness.run(rotated, "rekey", "--storage", storage.toString(), "--tenant", "rekeyco");
        assertThat(again.out()).contains("Re-encrypted 0 archive(s)", "2 already under the current key");
    }

    @Test
    void rekeyFinishesAMoveThatStoppedBeforeTheOldArchiveWasDeleted(@TempDir Path saved) throws Exception {
        h.seed("db_rekey2");
        MasterKey old = CliHarness.newKey();
        String a = h.backup(CliHarness.env(old), storage, "rekey2co", "db_rekey2");
        Files.copy(archive("rekey2co", a), saved.resolve(a));
        MasterKey fresh = CliHarness.newKey();
        Map<String, String> rotated = CliHarness.env(fresh, old);
        assertThat(CliHarness.run(rotated, "rekey", "--storage", storage.toString(), "--tenant", "rekey2co").code()).isZero();
        // Simulate a crash after the new archive was committed but before the old one was deleted.
        Files.copy(saved.resolve(a), archive("rekey2co", a));

        CliHarness.Result r = CliHarness.run(rotated, "rekey", "--storage", storage.toString(), "--tenant", "rekey2co");

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Re-encrypted 1 archive(s)");
        assertThat(archive("rekey2co", a)).doesNotExist();
        CliHarness.Result list = CliHarness.run(rotated, "list", "--storage", storage.toString(), "--tenant", "rekey2co");
        assertThat(list.out()).contains("1 snapshot(s)", "_k" + fresh.id().toString().substring(0, 8));
    }

    @Test
    void rekeyWithoutACurrentKeyFailsWithExit1AndSaysWhatToSet() {
        CliHarness.Result r = CliHarness.run(Map.of(), "rekey", "--storage", storage.toString(), "--tenant", "rekeyco");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("BACKUP_ENCRYPTION_KEY");
    }
}
