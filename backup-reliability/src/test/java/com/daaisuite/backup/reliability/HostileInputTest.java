package com.daaisuite.backup.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.daaisuite.backup.core.BackupTrigger;
import com.daaisuite.backup.core.Backups;
import com.daaisuite.backup.core.InvalidNameException;
import com.daaisuite.backup.core.RestoreRequest;
import com.daaisuite.backup.core.Snapshot;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.core.spi.TenantDirectory;
import com.daaisuite.backup.crypto.KeyProviders;
import com.daaisuite.backup.crypto.WrongTenantException;
import com.daaisuite.backup.storage.fs.FileSystemStorageBackend;
import com.daaisuite.backup.testing.source.InMemoryDatabaseSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Promise 5: hostile input. (1) The gzip layer and the archive reader under fuzz (in a child JVM
 * with -Xmx128m): only IntegrityException subtypes (or, for a restore, the source's refusal of a
 * foreign database), no hang, no allocation beyond the heap, the live database intact. (2) Tenant
 * ids and file names with traversal, separators, look-alike unicode, control characters, NUL or
 * excessive length are refused by every entry point with {@link InvalidNameException}. (3) An archive
 * of tenant A copied into tenant B's folder is never restored into B. Default ~2,000 cases of each;
 * -Pthorough 10,000.
 */
class HostileInputTest {
    static final Tenant A = Fixtures.tenant("tenant-a");
    static final Tenant B = Fixtures.tenant("tenant-b");

    @TempDir
    static Path root;
    static InMemoryDatabaseSource source;
    static FileSystemStorageBackend fs;
    static Backups backups;

    @BeforeAll
    static void start() {
        source = new InMemoryDatabaseSource();
        source.insert(A.databaseName(), "people", "alice".getBytes(), "bob".getBytes());
        source.insert(B.databaseName(), "people", "carol".getBytes());
        fs = FileSystemStorageBackend.at(root);
        backups = Backups.builder().source(source).storage(fs).keys(KeyProviders.of(Fixtures.KEY_A))
                .tenants(TenantDirectory.of(List.of(A, B))).access(Fixtures.ACCESS).nodeName("hostile").build();
    }

    @AfterAll
    static void stop() {
        backups.close();
    }

    @Test
    void fuzzedGzipAndArchiveBytesYieldOnlyIntegrityFailuresWithoutHangOrHugeAllocation() {
        long seed = Fixtures.seed("fuzz");
        int cases = Fixtures.scaled(2_000, 10_000);
        String out = assertTimeoutPreemptively(Duration.ofSeconds(Fixtures.scaled(240, 900)), () -> {
            Process p = Fixtures.startChild("128m", FuzzChildMain.class, List.of(Long.toString(seed), Integer.toString(cases)), Map.of());
            Fixtures.ChildOutput o = new Fixtures.ChildOutput(p);
            try {
                p.waitFor(Fixtures.scaled(230, 890), TimeUnit.SECONDS);
                return o.text() + "EXIT " + (p.isAlive() ? "running" : p.exitValue());
            } finally {
                p.destroyForcibly();
            }
        });
        System.out.println(out);
        assertThat(out).doesNotContain("OutOfMemoryError", "UNEXPECTED").contains("FUZZ seed=" + seed, "unexpected=0", "EXIT 0");
    }

    /** Fragments that make any name invalid, each alone or among valid characters. */
    static final List<String> HOSTILE = List.of("..", "../", "..\\", "/", "\\", "/etc/passwd", "C:\\", "C:", "\u0000", "\n", "\r",
            "\t", "\u0007", "\u007f", "\u0430" /* Cyrillic a */, "\u0441" /* Cyrillic s */, "\uff0f" /* fullwidth solidus */,
            "\u2215" /* division slash */, "\u2044" /* fraction slash */, "\u202e" /* right-to-left override */,
            "\u200b" /* zero-width space */, "\ufeff", "\uff41" /* fullwidth a */, "\u00e9", "\u0301", "\ud83d\ude00", "\ud800",
            " ", "%2e%2e%2f", "%00", "*", "?", "|", ":", "<", ">", "\"", "'", "$", "~/", "@", "#", "&", ";", "`");
    static final List<String> VALID = List.of("acme", "tenant-a", "manual_20260101T000000Z.gz.enc", "a", "x1", "db.backups");

    static String hostile(Random r) {
        String h = HOSTILE.get(r.nextInt(HOSTILE.size()));
        return switch (r.nextInt(5)) {
            case 0 -> h;
            case 1 -> VALID.get(r.nextInt(VALID.size())) + h;
            case 2 -> h + VALID.get(r.nextInt(VALID.size()));
            case 3 -> VALID.get(r.nextInt(VALID.size())) + h + VALID.get(r.nextInt(VALID.size()));
            default -> r.nextBoolean() ? "" : ".hidden" + h;
        };
    }

    static List<String> hostileNames(Random r, int n, int maxLength) {
        List<String> out = new ArrayList<>(List.of("", ".", "..", "-acme", "_acme", ".acme", "acme..x", "a".repeat(maxLength + 1),
                "b".repeat(201), "a".repeat(10_000), "acme\u0000.gz.enc", "..\u2215..\u2215etc", "\u0430cme", "tenant\uff0fa"));
        while (out.size() < n) {
            out.add(hostile(r));
        }
        return out;
    }

    @Test
    void hostileTenantIdsAreRefusedByEveryEntryPoint() {
        long seed = Fixtures.seed("hostile tenant ids");
        List<String> names = hostileNames(new Random(seed), Fixtures.scaled(2_000, 10_000) / 2, StorageKey.MAX_TENANT_ID_LENGTH);
        String file = "manual_20260101T000000Z.gz.enc";
        int checks = 0;
        java.util.Set<String> misses = new java.util.TreeSet<>();
        try (LogCapture logs = new LogCapture()) {
            for (String id : names) {
                List<Consumer<String>> entryPoints = List.of(
                        x -> backups.catalog().find(Fixtures.ADMIN, x, file),
                        x -> backups.catalog().list(Fixtures.ADMIN, x),
                        x -> backups.catalog().prune(Fixtures.ADMIN, x, true),
                        x -> backups.restores().prepare(Fixtures.ADMIN, x, file),
                        x -> backups.restores().restore(Fixtures.ADMIN, new RestoreRequest(x, file, "Workspace")),
                        x -> backups.backupNow(Fixtures.ADMIN, x, ""),
                        x -> backups.backup(Fixtures.ADMIN, x, BackupTrigger.MANUAL),
                        x -> backups.status(Fixtures.ADMIN, x),
                        x -> StorageKey.of(x, file),
                        x -> StorageKey.folderOf(x),
                        x -> Tenant.of(x, "Workspace", "db"),
                        x -> list(x),
                        x -> removeStale(x));
                for (int k = 0; k < entryPoints.size(); k++) {
                    refuses(misses, "entry point " + k + " with tenant id " + printable(id), entryPoints.get(k), id);
                    checks++;
                }
            }
            assertThat(misses).as("hostile tenant ids that were not refused").isEmpty();
            assertThat(root.toFile().list()).as("nothing created outside the tenants' folders").doesNotContain("..");
            assertNoRawControlCharactersLogged(logs);
        }
        System.out.println("[hostile tenant ids] " + names.size() + " ids x 13 entry points = " + checks + " refusals");
    }

    @Test
    void hostileFileNamesAreRefusedByEveryEntryPoint() {
        long seed = Fixtures.seed("hostile file names");
        List<String> names = hostileNames(new Random(seed), Fixtures.scaled(2_000, 10_000) / 2, StorageKey.MAX_FILE_NAME_LENGTH);
        int checks = 0;
        java.util.Set<String> misses = new java.util.TreeSet<>();
        try (LogCapture ignored = new LogCapture()) {
            for (String name : names) {
                List<Consumer<String>> entryPoints = List.of(
                        x -> backups.catalog().find(Fixtures.ADMIN, A.id(), x),
                        x -> backups.catalog().inspect(Fixtures.ADMIN, A.id(), x),
                        x -> backups.catalog().verify(Fixtures.ADMIN, A.id(), x),
                        x -> backups.catalog().pin(Fixtures.ADMIN, A.id(), x),
                        x -> backups.catalog().unpin(Fixtures.ADMIN, A.id(), x),
                        x -> backups.restores().prepare(Fixtures.ADMIN, A.id(), x),
                        x -> backups.restores().restore(Fixtures.ADMIN, new RestoreRequest(A.id(), x, A.workspaceName())),
                        x -> StorageKey.of(A.id(), x),
                        x -> StorageKey.requireValidFileName(x));
                for (int k = 0; k < entryPoints.size(); k++) {
                    refuses(misses, "entry point " + k + " with file name " + printable(name), entryPoints.get(k), name);
                    checks++;
                }
            }
            assertThat(misses).as("hostile file names that were not refused").isEmpty();
            assertThat(source.restoreCount()).isZero();
        }
        System.out.println("[hostile file names] " + names.size() + " names x 9 entry points = " + checks + " refusals");
    }

    @Test
    void aHostileFileNameNeverReachesALogLineRaw() {
        try (LogCapture logs = new LogCapture()) {
            for (String name : List.of("x\nINFO forged line", "x\r\u001b[2J", "acme\u0000.gz.enc", "\u202eevil.gz.enc")) {
                assertThatThrownBy(() -> backups.restores().restore(Fixtures.ADMIN, new RestoreRequest(A.id(), name, A.workspaceName())))
                        .isInstanceOf(InvalidNameException.class);
            }
            assertNoRawControlCharactersLogged(logs);
        }
    }

    private static void refuses(java.util.Set<String> misses, String what, Consumer<String> entryPoint, String input) {
        try {
            entryPoint.accept(input);
            misses.add(what + ": accepted");
        } catch (InvalidNameException expected) {
            // refused
        } catch (RuntimeException other) {
            misses.add(what + ": " + other.getClass().getSimpleName() + " instead of InvalidNameException: " + other.getMessage());
        }
    }

    /** A hostile name must not reach a log line raw (log injection: forged lines, terminal escapes). */
    private static void assertNoRawControlCharactersLogged(LogCapture logs) {
        for (String m : logs.messages()) {
            assertThat(m.chars().noneMatch(c -> c == '\n' || c == '\r' || c == 0 || c == 0x202e || c == 0x1b))
                    .as("log line carries a raw control character: %s", printable(m)).isTrue();
        }
    }

    private static void list(String tenant) {
        try {
            fs.list(tenant);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void removeStale(String tenant) {
        try {
            fs.removeStaleUploads(tenant);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String printable(String s) {
        StringBuilder b = new StringBuilder("\"");
        s.chars().limit(60).forEach(c -> b.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\u%04x", c)));
        return b.append(s.length() > 60 ? "...\"" : "\"").toString();
    }

    @Test
    void aCorruptOrTruncatedGzipHeaderIsReportedAsAnIntegrityFailure() throws Exception {
        java.io.ByteArrayOutputStream payload = new java.io.ByteArrayOutputStream();
        source.dump(A.databaseName(), payload, com.daaisuite.backup.core.spi.ProgressListener.NONE);
        byte[] gz = FuzzChildMain.gzip(payload.toByteArray());
        byte[] badMethod = gz.clone();
        badMethod[2] = 7; // compression method: not deflate
        byte[] truncatedHeader = java.util.Arrays.copyOf(gz, 6);
        Path folder = root.resolve(A.id()).resolve(StorageKey.FOLDER);
        Files.createDirectories(folder);
        Files.write(folder.resolve("manual_20200101T000000Z.gz"), badMethod);
        Files.write(folder.resolve("manual_20200101T000001Z.gz"), truncatedHeader);

        for (String name : List.of("manual_20200101T000000Z.gz", "manual_20200101T000001Z.gz")) {
            assertThatThrownBy(() -> backups.catalog().verify(Fixtures.ADMIN, A.id(), name))
                    .isInstanceOf(com.daaisuite.backup.IntegrityException.class);
            assertThatThrownBy(() -> backups.restores().restore(Fixtures.ADMIN, new RestoreRequest(A.id(), name, A.workspaceName())))
                    .isInstanceOf(com.daaisuite.backup.IntegrityException.class);
        }
    }

    @Test
    void anArchiveOfTenantACopiedIntoTenantBsFolderIsNeverRestoredIntoB() throws Exception {
        Snapshot a = backups.backup(Fixtures.ADMIN, A.id(), BackupTrigger.MANUAL).snapshot();
        Path inB = root.resolve(B.id()).resolve(StorageKey.FOLDER);
        Files.createDirectories(inB);
        Files.copy(root.resolve(A.id()).resolve(StorageKey.FOLDER).resolve(a.fileName()), inB.resolve(a.fileName()));
        Map<String, List<byte[]>> before = source.database(B.databaseName());
        int restoresBefore = source.restoreCount();

        assertThatThrownBy(() -> backups.catalog().verify(Fixtures.ADMIN, B.id(), a.fileName())).isInstanceOf(WrongTenantException.class);
        assertThatThrownBy(() -> backups.restores().restore(Fixtures.ADMIN, new RestoreRequest(B.id(), a.fileName(), B.workspaceName())))
                .isInstanceOf(WrongTenantException.class)
                .hasMessageContaining(B.id());

        assertThat(StorageFaultsTest.sameContent(source.database(B.databaseName()), before)).as("B's live database unchanged").isTrue();
        assertThat(source.restoreCount()).isEqualTo(restoresBefore);
    }
}
