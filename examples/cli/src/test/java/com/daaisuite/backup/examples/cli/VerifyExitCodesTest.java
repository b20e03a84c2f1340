package com.daaisuite.backup.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verify}'s exit codes (docs/cli.md): 0 when a snapshot is intact, 3 when it cannot be
 * trusted, and always 3 for what {@code restore} refuses with 3 (issue 22, item 6): verify parses
 * plaintext exactly as a restore does, without a database, and checks the same manifest binding.
 */
class VerifyExitCodesTest {
    static CliHarness h;
    static Map<String, String> env;
    @TempDir
    static Path storage;
    static String genuine;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        h = new CliHarness();
        env = CliHarness.env(CliHarness.newKey());
        h.seed("db_verifyexit");
        genuine = h.backup(env, storage, "verifyexit", "db_verifyexit");
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @Test
    void anIntactSnapshotVerifiesWithExit0() {
        CliHarness.Result r = CliHarness.run(env, "verify", "--storage", storage.toString(), "--tenant", "verifyexit",
                "--file", genuine);
        assertThat(r.code()).as(r.toString()).isZero();
    }

    @Test
    void theCliVerifyOfALegacyGzHoldingGarbageIsExit3LikeRestore() throws Exception {
        String tenant = "garbageco";
        plant(tenant, "monthly_20250101T000000Z.gz", gzip("quarterly notes, not a backup at all".getBytes(StandardCharsets.UTF_8)));

        assertVerifyAndRestoreRefuse(tenant, "monthly_20250101T000000Z.gz");
    }

    @Test
    void theCliVerifyOfAMongodumpArchiveWithAWrongCrcIsExit3LikeRestore() throws Exception {
        Path gz = dir.resolve("genuine.gz");
        Path enc = storage.resolve("verifyexit").resolve("db-backups").resolve(genuine);
        assertThat(CliHarness.run(env, "decrypt", "--tenant", "verifyexit", enc.toString(), gz.toString()).code()).isZero();
        byte[] payload = new GZIPInputStream(Files.newInputStream(gz)).readAllBytes();
        // One letter of one document changes: every length still fits, only the namespace's CRC-64 disagrees.
        int at = indexOf(payload, "Mumbai".getBytes(StandardCharsets.US_ASCII));
        assertThat(at).isPositive();
        payload[at + 5] = 'j';
        String tenant = "crcco";
        plant(tenant, "monthly_20250101T000000Z.gz", gzip(payload));

        assertVerifyAndRestoreRefuse(tenant, "monthly_20250101T000000Z.gz");
    }

    @Test
    void theCliVerifyOfAnOlderArchiveCopiedUnderANewerNameIsExit3LikeRestore() throws Exception {
        h.seed("db_copyco");
        String older = h.backup(env, storage, "copyco", "db_copyco");
        Path folder = storage.resolve("copyco").resolve("db-backups");
        // Newer than any snapshot the backup just took (its name holds the time it ran).
        String copy = "manual_20991231T000000Z.gz.enc";
        Files.copy(folder.resolve(older), folder.resolve(copy));

        assertVerifyAndRestoreRefuse("copyco", copy);
    }

    @Test
    void anOlderArchiveRenamedOntoANewerNameIsFlaggedByListAndExit3ForVerifyAndRestore() throws Exception {
        h.seed("db_rollco");
        String older = h.backup(env, storage, "rollco", "db_rollco");
        String newer = h.backup(env, storage, "rollco", "db_rollco");
        assertThat(newer).isNotEqualTo(older);
        Path folder = storage.resolve("rollco").resolve("db-backups");
        // The rollback: the older archive moved onto the newer name, both sealed manifests deleted.
        Files.move(folder.resolve(older), folder.resolve(newer), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.delete(folder.resolve(older + ".manifest"));
        Files.delete(folder.resolve(newer + ".manifest"));

        CliHarness.Result list = CliHarness.run(env, "list", "--storage", storage.toString(), "--tenant", "rollco");
        assertThat(list.code()).as(list.toString()).isZero();
        assertThat(list.out()).contains(newer + " [!]", "[!] " + newer + ": its sealed manifest is missing");
        CliHarness.Result json = CliHarness.run(env, "list", "--storage", storage.toString(), "--tenant", "rollco", "--json");
        assertThat(json.out()).contains("\"warning\": \"its sealed manifest is missing");
        assertVerifyAndRestoreRefuse("rollco", newer);
        CliHarness.Result v = CliHarness.run(env, "verify", "--storage", storage.toString(), "--tenant", "rollco", "--file", newer);
        assertThat(v.err()).contains("was written as " + older);
    }

    private void assertVerifyAndRestoreRefuse(String tenant, String file) {
        CliHarness.Result v = CliHarness.run(env, "verify", "--storage", storage.toString(), "--tenant", tenant, "--file", file);
        assertThat(v.code()).as(v.toString()).isEqualTo(ExitCodes.INTEGRITY);
        CliHarness.Result r = CliHarness.run(env, "restore", "--mongo", h.mongoUri, "--db", "db_" + tenant, "--tenant", tenant,
                "--storage", storage.toString(), "--file", file, "--confirm", tenant);
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.INTEGRITY);
    }

    private static void plant(String tenant, String name, byte[] bytes) throws Exception {
        Path folder = Files.createDirectories(storage.resolve(tenant).resolve("db-backups"));
        Files.write(folder.resolve(name), bytes);
    }

    private static byte[] gzip(byte[] b) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(b);
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
