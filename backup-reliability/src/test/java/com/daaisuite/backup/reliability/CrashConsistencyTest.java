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
 * the listing; its leftovers are removable; the next backup succeeds. A child JVM
 * ({@link CrashChildMain}) backs up a generated database of {@value #MEGABYTES} MiB (random bytes,
 * so about that much is uploaded) through a {@link StepStorage}, which numbers the steps of its
 * uploads: open, each MiB written, before and after each commit, for the archive and then its
 * sealed manifest ({@code <archive>.manifest}). The moment of death is chosen by step, not by
 * timing: a calibration run that finishes prints the whole list of steps; each further child is
 * told a step number, prints {@code STEP <n> <name>} on reaching it and blocks there, and this JVM
 * then kills it. Steps: a fixed spread per backend (the first, the middle MiB, before the archive
 * commit, after it, before the manifest commit, the last), every step with -Pthorough.
 *
 * <p>An archive committed whose manifest was not yet written is listed; it is whole (it
 * authenticates end to end), which is all Promise 1 states, so the test accepts it and counts it.
 */
class CrashConsistencyTest {
    static final int MEGABYTES = 12;
    static final String BUCKET = "crash";
    /** A deadline on every wait for a child: reaching a step, or finishing. */
    static final long CHILD_DEADLINE_SECONDS = 60;

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
    void aBackupKilledAtEveryChosenStepOnTheFileSystemNeverListsAPartialArchiveAndTheNextBackupSucceeds() throws Exception {
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
    void aBackupKilledAtEveryChosenStepOnS3NeverListsAPartialArchiveAndTheNextBackupSucceeds() throws Exception {
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

    record KillReport(int steps, int kills, int leftoversCleaned, int archivesListedWithoutManifest, int snapshotsVerified,
            long seed) {}

    private KillReport killRepeatedly(String name, String tenant, List<String> target, StorageMaker storage, Cleanup cleanup)
            throws Exception {
        long seed = Fixtures.seed("crash " + name);
        Map<String, String> env = Map.of("BACKUP_ENCRYPTION_KEY", Base64.getEncoder().encodeToString(Fixtures.KEY_A_BYTES),
                "DAAI_S3_SECRET", InProcessS3.SECRET_KEY);
        // Calibrate: one uncut backup of the same database lists every step, in order.
        List<String> steps = calibrate(target, env, seed);
        System.out.println("[crash " + name + "] " + steps.size() + " steps: " + steps);
        assertThat(steps).as("the steps of one backup").contains("open archive", "before commit archive",
                "after commit archive", "before commit manifest", "after commit manifest");
        Set<String> verified = new HashSet<>();
        Set<String> withoutManifest = new HashSet<>();
        assertNothingPartialListed(tenant, storage.make(), verified, withoutManifest);
        int leftovers = 0;
        List<Integer> chosen = Fixtures.thorough() ? allSteps(steps) : spread(steps);
        for (int step : chosen) {
            String expected = steps.get(step - 1);
            runUntilStepThenKill(target, env, seed, step, expected);
            System.out.println("[crash " + name + "] killed at step " + step + "/" + steps.size() + ": " + expected);
            assertNothingPartialListed(tenant, storage.make(), verified, withoutManifest);
            leftovers += cleanup.run();
            assertTheNextBackupSucceeds(tenant, storage.make(), verified);
        }
        totalKills += chosen.size();
        return new KillReport(steps.size(), chosen.size(), leftovers, withoutManifest.size(), verified.size(), seed);
    }

    /** The quick spread: first, middle MiB of the archive, around the archive commit, the manifest commit, last. */
    private static List<Integer> spread(List<String> steps) {
        Set<Integer> chosen = new java.util.TreeSet<>();
        chosen.add(1);
        List<Integer> writes = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).startsWith("write archive")) {
                writes.add(i + 1);
            }
        }
        assertThat(writes).as("MiB steps of the archive upload").isNotEmpty();
        chosen.add(writes.get(writes.size() / 2));
        chosen.add(steps.indexOf("before commit archive") + 1);
        chosen.add(steps.indexOf("after commit archive") + 1);
        chosen.add(steps.indexOf("before commit manifest") + 1);
        chosen.add(steps.size());
        return List.copyOf(chosen);
    }

    private static List<Integer> allSteps(List<String> steps) {
        List<Integer> all = new ArrayList<>();
        for (int i = 1; i <= steps.size(); i++) {
            all.add(i);
        }
        return all;
    }

    private static Process startChild(List<String> target, Map<String, String> env, long seed, int step) throws IOException {
        List<String> args = new ArrayList<>(target);
        args.add(Integer.toString(MEGABYTES));
        args.add(Long.toString(seed));
        args.add(Integer.toString(step));
        return Fixtures.startChild("192m", CrashChildMain.class, args, env);
    }

    /** Runs the child to the end without stopping; returns the names of its steps. */
    private static List<String> calibrate(List<String> target, Map<String, String> env, long seed) throws Exception {
        Process p = startChild(target, env, seed, 0);
        Fixtures.ChildOutput out = new Fixtures.ChildOutput(p);
        boolean ended = p.waitFor(CHILD_DEADLINE_SECONDS, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        String text = out.text();
        assertThat(ended).as("the calibration backup ends within %d s: %s", CHILD_DEADLINE_SECONDS, text).isTrue();
        assertThat(p.exitValue()).as(text).isZero();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^STEPS (\\d+) (.*)$").matcher(text);
        assertThat(m.find()).as("the calibration run prints its steps: %s", text).isTrue();
        List<String> steps = List.of(m.group(2).split(";"));
        assertThat(steps).hasSize(Integer.parseInt(m.group(1)));
        return steps;
    }

    /**
     * Starts a child told to stop at {@code step}, waits (with a deadline) until it says it is there,
     * and kills it with SIGKILL. The same database gives the same steps, so the child must reach the
     * step, and by the name the calibration run gave it.
     */
    private static void runUntilStepThenKill(List<String> target, Map<String, String> env, long seed, int step, String expected)
            throws Exception {
        Process p = startChild(target, env, seed, step);
        Fixtures.ChildOutput out = new Fixtures.ChildOutput(p);
        String line = "STEP " + step + " " + expected + "\n";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CHILD_DEADLINE_SECONDS);
        while (!out.contains(line) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        boolean reached = out.contains(line);
        p.destroyForcibly(); // SIGKILL on Linux
        assertThat(p.waitFor(CHILD_DEADLINE_SECONDS, TimeUnit.SECONDS)).as("the killed child ends").isTrue();
        String text = out.text();
        assertThat(reached).as("the child reaches step %d (%s) within %d s and stops there: %s", step, expected,
                CHILD_DEADLINE_SECONDS, text).isTrue();
        assertThat(text).as("the child was killed before finishing").doesNotContain("DONE");
    }

    /**
     * Every listed snapshot is whole: it authenticates end to end and matches its manifest when it has
     * one. Every manifest, sealed ({@code <archive>.manifest}) or plaintext ({@code .manifest.json}),
     * belongs to an archive that exists.
     *
     * Listed archives without a manifest (killed between the two commits) are added to
     * {@code withoutManifest}.
     */
    private static void assertNothingPartialListed(String tenant, StorageBackend storage, Set<String> verified,
            Set<String> withoutManifest) throws IOException {
        try (Backups b = parentBackups(tenant, storage, new InMemoryDatabaseSource())) {
            List<Snapshot> listed = b.catalog().list(Fixtures.ADMIN, tenant);
            for (Snapshot s : listed) {
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
                for (String suffix : List.of(".manifest", ".manifest.json")) {
                    if (n.endsWith(suffix)) {
                        assertThat(names).as("the archive of manifest %s", n).contains(n.substring(0, n.length() - suffix.length()));
                    }
                }
            }
            for (Snapshot s : listed) {
                if (!names.contains(s.fileName() + ".manifest") && !names.contains(s.fileName() + ".manifest.json")) {
                    withoutManifest.add(s.fileName());
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
