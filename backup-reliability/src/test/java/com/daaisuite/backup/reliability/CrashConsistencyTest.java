package com.daaisuite.backup.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.daaisuite.backup.core.BackupResult;
import com.daaisuite.backup.core.BackupTrigger;
import com.daaisuite.backup.core.Backups;
import com.daaisuite.backup.core.Snapshot;
import com.daaisuite.backup.core.VerificationReport;
import com.daaisuite.backup.core.spi.StorageBackend;
import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.core.spi.StorageObject;
import com.daaisuite.backup.core.spi.TenantDirectory;
import com.daaisuite.backup.crypto.KeyProviders;
import com.daaisuite.backup.storage.fs.FileSystemStorageBackend;
import com.daaisuite.backup.storage.s3.S3StorageBackend;
import com.daaisuite.backup.testing.source.InMemoryDatabaseSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Promise 1: a backup process killed with SIGKILL at any moment never leaves a partial archive in
 * the listing; its leftovers are removable; the next backup succeeds. A child JVM backs up a
 * generated database of {@value #MEGABYTES} MiB (random bytes, so about that much is uploaded);
 * this JVM kills it after a seeded random delay. Kills: 5 per backend, 30 with -Pthorough.
 */
class CrashConsistencyTest {
    static final int MEGABYTES = 12;
    static final String BUCKET = "crash";
    static final List<String> NICE = Files.isExecutable(Path.of("/usr/bin/nice")) ? List.of("/usr/bin/nice", "-n", "15") : List.of();

    static InProcessS3 s3;
    static S3Client client;
    static int totalKills;

    @TempDir
    static Path root;

    @BeforeAll
    static void start() throws Exception {
        s3 = InProcessS3.start();
        client = s3.client();
        client.createBucket(b -> b.bucket(BUCKET));
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        s3.close();
    }

    @Test
    void aBackupKilledAtRandomMomentsOnTheFileSystemNeverListsAPartialArchiveAndTheNextBackupSucceeds() throws Exception {
        String tenant = "crash-fs";
        Path folder = root.resolve(tenant).resolve(StorageKey.FOLDER);
        KillReport r = killRepeatedly("fs", tenant, List.of("fs", root.toString(), tenant), () -> FileSystemStorageBackend.at(root),
                () -> {
                    // A crashed upload leaves a hidden temporary file; age it past the (minimum) stale age
                    // as time would, and the backend's own cleanup removes it.
                    List<Path> temps = temps(folder);
                    for (Path p : temps) {
                        Files.setLastModifiedTime(p, FileTime.from(Instant.now().minus(Duration.ofMinutes(5))));
                    }
                    int removed = FileSystemStorageBackend.builder(root).staleUploadAge(Duration.ofMinutes(1)).build()
                            .removeStaleUploads(tenant);
                    assertThat(removed).isEqualTo(temps.size());
                    assertThat(temps(folder)).as("temporary files after cleanup").isEmpty();
                    return temps.size();
                });
        System.out.println("[crash fs] " + r);
    }

    @Test
    void aBackupKilledAtRandomMomentsOnS3NeverListsAPartialArchiveAndTheNextBackupSucceeds() throws Exception {
        String tenant = "crash-s3";
        KillReport r = killRepeatedly("s3", tenant, List.of("s3", s3.endpoint().toString(), BUCKET, tenant),
                () -> S3StorageBackend.builder().bucket(BUCKET).client(client).partSize(S3StorageBackend.MIN_PART_SIZE).build(),
                () -> {
                    // A killed writer's multipart upload stays open (invisible, but billed); the backend's own
                    // sweep aborts uploads older than the stale age. Age zero stands in for "a day later".
                    int orphans = client.listMultipartUploads(b -> b.bucket(BUCKET)).uploads().size();
                    try (S3StorageBackend sweeper = S3StorageBackend.builder().bucket(BUCKET).client(client)
                            .staleUploadAge(Duration.ZERO).build()) {
                        assertThat(sweeper.removeStaleUploads(tenant)).isEqualTo(orphans);
                    }
                    assertThat(client.listMultipartUploads(b -> b.bucket(BUCKET)).uploads()).isEmpty();
                    return orphans;
                });
        System.out.println("[crash s3] " + r);
    }

    interface Cleanup {
        int run() throws Exception;
    }

    interface StorageMaker {
        StorageBackend make() throws Exception;
    }

    record KillReport(int kills, int killedMidBackup, int finishedBeforeKill, int leftoversCleaned, int snapshotsVerified,
            long seed) {}

    private KillReport killRepeatedly(String name, String tenant, List<String> target, StorageMaker storage, Cleanup cleanup)
            throws Exception {
        long seed = Fixtures.seed("crash " + name);
        Random random = new Random(seed);
        int kills = Fixtures.scaled(5, 30);
        Map<String, String> env = Map.of("BACKUP_ENCRYPTION_KEY", Base64.getEncoder().encodeToString(Fixtures.KEY_A_BYTES),
                "DAAI_S3_SECRET", InProcessS3.SECRET_KEY);
        // Calibrate: how long does a whole backup take here (the kill window)?
        long window = runChild(target, env, random.nextLong(), -1).millis;
        Set<String> verified = new HashSet<>();
        int mid = 0;
        int finished = 0;
        int leftovers = 0;
        for (int i = 0; i < kills; i++) {
            long delay = (long) (random.nextDouble() * window);
            ChildRun run = runChild(target, env, random.nextLong(), delay);
            System.out.println("[crash " + name + "] kill " + (i + 1) + ": " + delay + " ms after READY (backup takes ~" + window
                    + " ms): " + (run.finished ? "the backup had finished" : "killed mid-backup"));
            if (run.finished) {
                finished++;
                // The machine is shared: keep the kill window at the fastest backup seen so far.
                window = Math.min(window, Math.max(20, run.backupMillis));
            } else {
                mid++;
            }
            assertNothingPartialListed(tenant, storage.make(), verified);
            leftovers += cleanup.run();
            assertTheNextBackupSucceeds(tenant, storage.make(), verified);
        }
        totalKills += kills;
        assertThat(mid).as("kills that interrupted a running backup").isPositive();
        return new KillReport(kills, mid, finished, leftovers, verified.size(), seed);
    }

    private record ChildRun(boolean finished, long millis, long backupMillis) {}

    /** Runs the child; kills it {@code delayMillis} after READY, or lets it finish when negative. */
    private static ChildRun runChild(List<String> target, Map<String, String> env, long seed, long delayMillis)
            throws Exception {
        List<String> args = new ArrayList<>(target);
        args.add(Integer.toString(MEGABYTES));
        args.add(Long.toString(seed));
        Path ready = Files.createTempFile("crash-ready", "");
        Files.delete(ready);
        Map<String, String> childEnv = new java.util.HashMap<>(env);
        childEnv.put("DAAI_READY_FILE", ready.toString());
        // Niced: on a loaded 2-core machine the busy child otherwise starves this JVM, which then
        // notices READY and fires its kill only after the backup has finished.
        Process p = Fixtures.startChild(NICE, "192m", CrashChildMain.class, args, childEnv);
        Fixtures.ChildOutput out = new Fixtures.ChildOutput(p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(ready) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        if (!Files.exists(ready)) {
            // (out.text() waits for the child's end: call it only on failure.)
            org.junit.jupiter.api.Assertions.fail("the child did not start: " + out.text());
        }
        Files.delete(ready);
        if (delayMillis < 0) {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String text = out.text();
            assertThat(p.exitValue()).as(text).isZero();
            long millis = backupMillis(text);
            assertThat(millis).as(text).isPositive();
            return new ChildRun(true, Math.max(20, millis), millis);
        }
        Thread.sleep(delayMillis);
        boolean finished = out.contains("DONE");
        p.destroyForcibly(); // SIGKILL on Linux
        p.waitFor(30, TimeUnit.SECONDS);
        String text = out.text();
        finished |= text.contains("DONE");
        return new ChildRun(finished, delayMillis, finished ? backupMillis(text) : -1);
    }

    private static long backupMillis(String childOutput) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("MILLIS (\\d+)").matcher(childOutput);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** Every listed snapshot is whole: it authenticates end to end and matches its manifest. */
    private static void assertNothingPartialListed(String tenant, StorageBackend storage, Set<String> verified) throws IOException {
        try (Backups b = parentBackups(tenant, storage, new InMemoryDatabaseSource())) {
            for (Snapshot s : b.catalog().list(Fixtures.ADMIN, tenant)) {
                if (verified.add(s.fileName())) {
                    VerificationReport report = b.catalog().verify(Fixtures.ADMIN, tenant, s.fileName());
                    assertThat(report.ok()).as("listed snapshot %s is complete: %s", s.fileName(), report.problems()).isTrue();
                }
            }
            // Objects that are not snapshots (manifests) must belong to a snapshot that exists.
            Set<String> names = new HashSet<>();
            for (StorageObject o : storage.list(tenant)) {
                names.add(o.key().fileName());
            }
            for (String n : names) {
                if (n.endsWith(".manifest.json")) {
                    assertThat(names).as("manifest without archive").contains(n.substring(0, n.length() - ".manifest.json".length()));
                }
            }
        }
    }

    private static void assertTheNextBackupSucceeds(String tenant, StorageBackend storage, Set<String> verified) {
        InMemoryDatabaseSource source = new InMemoryDatabaseSource();
        source.insert(Fixtures.tenant(tenant).databaseName(), "records", "after the crash".getBytes());
        try (Backups b = parentBackups(tenant, storage, source)) {
            BackupResult r = b.backup(Fixtures.ADMIN, tenant, BackupTrigger.MANUAL);
            assertThat(b.catalog().verify(Fixtures.ADMIN, tenant, r.snapshot().fileName()).ok()).isTrue();
            verified.add(r.snapshot().fileName());
        }
    }

    private static Backups parentBackups(String tenant, StorageBackend storage, InMemoryDatabaseSource source) {
        return Backups.builder().source(source).storage(storage).keys(KeyProviders.of(Fixtures.KEY_A))
                .tenants(TenantDirectory.of(List.of(Fixtures.tenant(tenant)))).access(Fixtures.ACCESS).nodeName("parent").build();
    }

    private static List<Path> temps(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".partial")).toList();
        }
    }
}
