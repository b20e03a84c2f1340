package com.daaisuite.backup.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.daaisuite.backup.crypto.MasterKey;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** decrypt and encrypt: the audit and legacy-archive paths. */
class ArchiveFileCommandsTest {
    static final byte[] MONGODUMP_MAGIC = {0x6d, (byte) 0xe2, (byte) 0x99, (byte) 0x81};
    static CliHarness h;
    static Map<String, String> env;
    @TempDir
    static Path storage;
    static Path encrypted;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        h = new CliHarness();
        env = CliHarness.env(CliHarness.newKey());
        h.seed("db_files");
        String file = h.backup(env, storage, "filesco", "db_files");
        encrypted = storage.resolve("filesco").resolve("db-backups").resolve(file);
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @Test
    void decryptWritesOneGzipMemberOfAMongodumpArchive() throws Exception {
        Path out = dir.resolve("audit.gz");

        CliHarness.Result r = CliHarness.run(env, "decrypt", "--tenant", "filesco", encrypted.toString(), out.toString());

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("mongorestore --archive=" + out + " --gzip");
        byte[] gz = Files.readAllBytes(out);
        assertThat(gz[0] & 0xff).isEqualTo(0x1f);
        assertThat(gz[1] & 0xff).isEqualTo(0x8b);
        // The sample workspace is about 1.3 MiB of payload: several blocks compressed apart, each primed
        // with the previous one's window, joined into one member as pigz writes them.
        assertThat(gzipMembers(gz)).isEqualTo(1);
        byte[] payload = gunzip(gz);
        assertThat(payload.length).isGreaterThan(1 << 20);
        assertThat(Arrays.copyOf(payload, 4)).containsExactly(MONGODUMP_MAGIC);
        assertThat(Arrays.copyOfRange(payload, payload.length - 4, payload.length))
                .containsExactly((byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff);
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("audit.gz");
        }
    }

    @Test
    void decryptNeverOverwritesAnExistingFile() throws Exception {
        Path out = dir.resolve("exists.gz");
        Files.writeString(out, "keep me");

        CliHarness.Result r = CliHarness.run(env, "decrypt", "--tenant", "filesco", encrypted.toString(), out.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("already exists");
        assertThat(Files.readString(out)).isEqualTo("keep me");
    }

    @Test
    void decryptOfALegacyGzipSaysThereIsNothingToDecrypt() throws Exception {
        Path gz = dir.resolve("legacy.gz");
        assertThat(CliHarness.run(env, "decrypt", "--tenant", "filesco", encrypted.toString(), gz.toString()).code()).isZero();

        CliHarness.Result r = CliHarness.run(env, "decrypt", "--tenant", "filesco", gz.toString(), dir.resolve("x.gz").toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("nothing to decrypt", "mongorestore");
    }

    @Test
    void encryptOfALegacyGzipRoundTripsThroughDecrypt() throws Exception {
        Path gz = dir.resolve("legacy.gz");
        assertThat(CliHarness.run(env, "decrypt", "--tenant", "filesco", encrypted.toString(), gz.toString()).code()).isZero();
        MasterKey other = CliHarness.newKey();
        Map<String, String> otherEnv = CliHarness.env(other);
        Path enc = dir.resolve("legacy.gz.enc");

        CliHarness.Result r = CliHarness.run(otherEnv, "encrypt", "--tenant", "filesco", gz.toString(), enc.toString());

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(Files.readAllBytes(enc)).startsWith('D', 'B', 'K', '1');
        Path back = dir.resolve("back.gz");
        assertThat(CliHarness.run(otherEnv, "decrypt", "--tenant", "filesco", enc.toString(), back.toString()).code()).isZero();
        assertThat(Files.readAllBytes(back)).isEqualTo(Files.readAllBytes(gz));
    }

    @Test
    void encryptOfARawMongodumpArchiveStoresItsGzip() throws Exception {
        Path gz = dir.resolve("legacy.gz");
        assertThat(CliHarness.run(env, "decrypt", "--tenant", "filesco", encrypted.toString(), gz.toString()).code()).isZero();
        Path raw = dir.resolve("dump.archive");
        Files.write(raw, gunzip(Files.readAllBytes(gz)));
        Path enc = dir.resolve("dump.gz.enc");

        CliHarness.Result r = CliHarness.run(env, "encrypt", "--tenant", "filesco", raw.toString(), enc.toString());

        assertThat(r.code()).as(r.toString()).isZero();
        Path back = dir.resolve("dump.gz");
        assertThat(CliHarness.run(env, "decrypt", "--tenant", "filesco", enc.toString(), back.toString()).code()).isZero();
        assertThat(gunzip(Files.readAllBytes(back))).isEqualTo(Files.readAllBytes(raw));
        CliHarness.Result v = CliHarness.run(env, "verify", "--archive", enc.toString(), "--tenant", "filesco");
        assertThat(v.code()).as(v.toString()).isZero();
    }

    @Test
    void aLegacyGzipArchiveRestoresAsItIs() throws Exception {
        Path gz = dir.resolve("legacy-export.gz");
        assertThat(CliHarness.run(env, "decrypt", "--tenant", "filesco", encrypted.toString(), gz.toString()).code()).isZero();
        var leads = h.client.getDatabase("db_files").getCollection("leads");
        long count = leads.countDocuments();
        leads.deleteMany(new org.bson.Document());

        CliHarness.Result r = CliHarness.run(env, "restore", "--mongo", h.mongoUri, "--db", "db_files", "--tenant", "filesco",
                "--archive", gz.toString(), "--confirm", "filesco");

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("legacy");
        assertThat(leads.countDocuments()).isEqualTo(count);
    }

    @Test
    void encryptRefusesAFileThatIsNotAMongodumpArchive() throws Exception {
        Path junk = dir.resolve("notes.txt");
        Files.writeString(junk, "quarterly notes, not a backup");

        CliHarness.Result r = CliHarness.run(env, "encrypt", "--tenant", "filesco", junk.toString(), dir.resolve("o.enc").toString());

        assertThat(r.code()).isEqualTo(3);
        assertThat(dir.resolve("o.enc")).doesNotExist();
    }

    @Test
    void encryptWithoutAKeyFailsAndWritesNothing() throws Exception {
        Path gz = dir.resolve("legacy.gz");
        assertThat(CliHarness.run(env, "decrypt", "--tenant", "filesco", encrypted.toString(), gz.toString()).code()).isZero();

        CliHarness.Result r = CliHarness.run(Map.of(), "encrypt", "--tenant", "filesco", gz.toString(), dir.resolve("o.enc").toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("BACKUP_ENCRYPTION_KEY");
        assertThat(dir.resolve("o.enc")).doesNotExist();
    }

    static byte[] gunzip(byte[] gz) throws Exception {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    /** Counts RFC 1952 members by inflating each one on its own (header, deflate data, 8-byte trailer). */
    static int gzipMembers(byte[] gz) throws DataFormatException {
        int pos = 0;
        int members = 0;
        while (pos < gz.length) {
            assertThat(gz[pos] & 0xff).as("member %d magic", members).isEqualTo(0x1f);
            assertThat(gz[pos + 1] & 0xff).isEqualTo(0x8b);
            int flags = gz[pos + 3] & 0xff;
            int p = pos + 10;
            if ((flags & 4) != 0) {
                p += 2 + ((gz[p] & 0xff) | (gz[p + 1] & 0xff) << 8);
            }
            if ((flags & 8) != 0) {
                while (gz[p++] != 0) { }
            }
            if ((flags & 16) != 0) {
                while (gz[p++] != 0) { }
            }
            if ((flags & 2) != 0) {
                p += 2;
            }
            Inflater inf = new Inflater(true);
            inf.setInput(gz, p, gz.length - p);
            byte[] sink = new byte[1 << 16];
            ByteArrayOutputStream ignored = new ByteArrayOutputStream();
            while (!inf.finished()) {
                int n = inf.inflate(sink);
                ignored.write(sink, 0, n);
                if (n == 0 && inf.needsInput()) {
                    throw new AssertionError("truncated gzip member " + members);
                }
            }
            p = gz.length - inf.getRemaining();
            inf.end();
            pos = p + 8;
            members++;
        }
        return members;
    }
}
