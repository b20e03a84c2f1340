package com.daaisuite.backup.examples.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.daaisuite.backup.core.Actor;
import com.daaisuite.backup.core.BackupEvent;
import com.daaisuite.backup.core.BackupInProgressException;
import com.daaisuite.backup.core.BackupJob;
import com.daaisuite.backup.core.BackupResult;
import com.daaisuite.backup.core.BackupScheduler;
import com.daaisuite.backup.core.BackupService.ScheduledOutcome;
import com.daaisuite.backup.core.BackupStatus;
import com.daaisuite.backup.core.Backups;
import com.daaisuite.backup.core.BackupsClosedException;
import com.daaisuite.backup.core.InvalidNoteException;
import com.daaisuite.backup.core.Permission;
import com.daaisuite.backup.core.PermissionDeniedException;
import com.daaisuite.backup.core.RestoreRequest;
import com.daaisuite.backup.core.RestoreResult;
import com.daaisuite.backup.core.SnapshotInfo;
import com.daaisuite.backup.core.SnapshotLabel;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.spi.MaintenanceGate;
import com.daaisuite.backup.core.spi.TenantDirectory;
import com.daaisuite.backup.crypto.KeyMissingException;
import com.daaisuite.backup.crypto.KeyProviders;
import com.daaisuite.backup.crypto.ReloadableKeyProvider;
import com.daaisuite.backup.crypto.MasterKey;
import com.daaisuite.backup.crypto.spi.KeyProvider;
import com.daaisuite.backup.mongo.MongoDatabaseSource;
import com.daaisuite.backup.storage.fs.FileSystemStorageBackend;
import com.daaisuite.backup.time.MutableClock;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.ServerVersion;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library embedded the way a host embeds it, from the BOM and the docs alone: the host's own
 * tenant directory, roles, maintenance gate, audit listener, scheduler, test clock and a key from
 * its configuration, over a real MongoDB driver (mongo-java-server) and filesystem storage. Each test
 * checks one point of docs/hosting.md.
 */
class HostEmbeddingTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String KEY_SETTING = "backup.encryption.key";
    private static final Actor OWNER = Actor.user("priya@acme.example");
    private static final Actor ACCOUNTANT = Actor.user("ravi@acme.example");
    private static final Actor AUDITOR = Actor.user("audit@acme.example");

    @TempDir
    Path folder;
    private MongoServer server;
    private MongoClient client;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();

    /** The host's side: what a real application keeps in its own tables and configuration. */
    final class Host {
        final Map<String, Tenant> tenants = new ConcurrentHashMap<>();
        final Map<Actor, Set<Permission>> roles = Map.of(
                OWNER, Set.of(Permission.values()),
                ACCOUNTANT, Set.of(Permission.VIEW, Permission.CREATE),
                AUDITOR, Set.of(Permission.VIEW));
        final Set<String> inMaintenance = ConcurrentHashMap.newKeySet();
        final List<BackupEvent> audit = new CopyOnWriteArrayList<>();
        final Properties config = new Properties();
        final ReloadableKeyProvider keys;
        final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T18:00:00Z")); // 23:30 IST
        volatile CountDownLatch holdGate;
        volatile CountDownLatch holdBackupStart;

        Host() {
            Tenant acme = Tenant.builder("acme").workspaceName("Acme Traders").databaseName("daai_acme")
                    .frequency(SnapshotLabel.frequencyFromLabel("24-hour")).zone(ZoneId.of("Asia/Kolkata")).build();
            tenants.put(acme.id(), acme);
            keys = KeyProviders.reloadable(configuredKeys());
        }

        /** Reads the key settings again; the running Backups sees the new keys at its next lookup. */
        void reloadKeys() {
            keys.reload(configuredKeys());
        }

        private KeyProvider configuredKeys() {
            return KeyProviders.fromConfiguration(config.getProperty(KEY_SETTING),
                    config.getProperty(KEY_SETTING + ".retired"), KEY_SETTING);
        }

        Backups build() {
            return Backups.builder()
                    .source(MongoDatabaseSource.builder(client).build())
                    .storage(FileSystemStorageBackend.at(folder))
                    .keys(keys)
                    .tenants(new TenantDirectory() {
                        @Override
                        public Optional<Tenant> find(String tenantId) {
                            return Optional.ofNullable(tenants.get(tenantId));
                        }

                        @Override
                        public List<Tenant> all() {
                            return List.copyOf(tenants.values());
                        }
                    })
                    .access((actor, permission, tenant) -> roles.getOrDefault(actor, Set.of()).contains(permission))
                    .gate(new MaintenanceGate() {
                        @Override
                        public void enter(Tenant tenant, String reason) {
                            inMaintenance.add(tenant.id());
                            await(holdGate);
                        }

                        @Override
                        public void exit(Tenant tenant) {
                            inMaintenance.remove(tenant.id());
                        }
                    })
                    .listener(e -> {
                        audit.add(e);
                        if (e.type() == BackupEvent.Type.BACKUP_STARTED) {
                            await(holdBackupStart);
                        }
                    })
                    .clock(clock)
                    .build();
        }

        private void await(CountDownLatch latch) {
            try {
                if (latch != null && !latch.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never released the host's hook");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @BeforeEach
    void start() {
        server = new MongoServer(new MemoryBackend().version(ServerVersion.MONGO_5_0));
        server.bind("127.0.0.1", 0);
        client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort());
        client.getDatabase("daai_acme").getCollection("invoices").insertOne(new Document("number", "INV-1").append("total", 1180));
    }

    @AfterEach
    void stop() {
        executor.shutdownNow();
        client.close();
        server.shutdownNow();
    }

    private static String newKey() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return Base64.getEncoder().encodeToString(k);
    }

    @Test
    void aKeyFromTheHostsConfigurationIsDescribedInItsTermsAndRotatesWithoutARebuild() throws Exception {
        Host host = new Host();
        try (Backups backups = host.build()) {
            // No key yet: the banner and the refusal name the host's setting, not an environment variable.
            BackupStatus status = backups.status(AUDITOR, "acme");
            assertThat(status.keyConfigured()).isFalse();
            assertThat(status.keyProblem()).hasValueSatisfying(p -> assertThat(p)
                    .contains("configuration setting " + KEY_SETTING).doesNotContain("BACKUP_ENCRYPTION_KEY"));
            assertThatThrownBy(() -> backups.backupNow(OWNER, "acme", "first"))
                    .isInstanceOf(KeyMissingException.class)
                    .hasMessageContaining("configuration setting " + KEY_SETTING).hasMessageNotContaining("BACKUP_ENCRYPTION_KEY");

            String first = newKey();
            host.config.setProperty(KEY_SETTING, first);
            host.reloadKeys();
            BackupResult one = backups.backupNow(OWNER, "acme", "first").await(WAIT);

            // Rotation: a new current key, the old one retired; the same Backups object keeps working.
            host.config.setProperty(KEY_SETTING, newKey());
            host.config.setProperty(KEY_SETTING + ".retired", first);
            host.reloadKeys();
            host.clock.advance(Duration.ofMinutes(1));
            BackupResult two = backups.backupNow(OWNER, "acme", "second").await(WAIT);
            List<SnapshotInfo> rows = backups.catalog().listWithDetails(AUDITOR, "acme", 0, 10);
            assertThat(rows).extracting(SnapshotInfo::keyId).doesNotHaveDuplicates()
                    .containsExactly(Optional.of(MasterKey.parse(host.config.getProperty(KEY_SETTING)).id().toString()),
                            Optional.of(MasterKey.parse(first).id().toString()));
            assertThat(backups.catalog().verify(AUDITOR, "acme", one.snapshot().fileName()).ok()).isTrue();
            assertThat(two.snapshot().encrypted()).isTrue();
        }
    }

    @Test
    void theHostsSchedulerTicksOnItsExecutorAndRepeatedTicksAtOneInstantTakeOneBackup() throws Exception {
        Host host = new Host();
        host.config.setProperty(KEY_SETTING, newKey());
        host.reloadKeys();
        try (Backups backups = host.build()) {
            CountDownLatch ticked = new CountDownLatch(1);
            List<ScheduledOutcome> outcomes = new CopyOnWriteArrayList<>();
            try (BackupScheduler scheduler = BackupScheduler.start(backups, executor, Duration.ofMillis(50), o -> {
                outcomes.addAll(o);
                ticked.countDown();
            })) {
                assertThat(ticked.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            }
            // The first tick at 23:30 IST finds today's 01:00 slot passed: one catch-up backup.
            assertThat(outcomes).extracting(ScheduledOutcome::outcome).containsOnly(ScheduledOutcome.Outcome.BACKED_UP);

            // Three days ahead of the host's clock, three ticks at the same instant: one backup, named for that instant.
            Instant now = host.clock.instant().plus(Duration.ofDays(3));
            List<ScheduledOutcome> all = new CopyOnWriteArrayList<>();
            for (int i = 0; i < 3; i++) {
                all.addAll(backups.runDue(now));
            }
            assertThat(all).singleElement().satisfies(o -> assertThat(o.result().orElseThrow().snapshot().createdAt())
                    .isEqualTo(now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
            assertThat(backups.catalog().list(AUDITOR, "acme")).hasSize(2);
        }
    }

    @Test
    void aRebuildCannotBackUpWhileTheOldObjectRestoresAndCloseWaitsForTheRestore() throws Exception {
        Host host = new Host();
        host.config.setProperty(KEY_SETTING, newKey());
        host.reloadKeys();
        Backups old = host.build();
        String file = old.backupNow(OWNER, "acme", "before the accident").await(WAIT).snapshot().fileName();
        host.holdGate = new CountDownLatch(1);
        CompletableFuture<RestoreResult> restore = CompletableFuture.supplyAsync(() ->
                old.restores().restore(OWNER, new RestoreRequest("acme", file, "Acme Traders")));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!host.inMaintenance.contains("acme") && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(host.inMaintenance).contains("acme");
        // The host reloads its configuration: a new object over the same directory, then the old one is closed.
        try (Backups rebuilt = host.build()) {
            CompletableFuture<Void> closing = CompletableFuture.runAsync(old::close);
            BackupJob refused = rebuilt.backupNow(ACCOUNTANT, "acme", "during the restore");
            assertThatThrownBy(() -> refused.await(WAIT)).isInstanceOf(BackupInProgressException.class);
            assertThatThrownBy(() -> rebuilt.catalog().prune(OWNER, "acme", false)).isInstanceOf(BackupInProgressException.class);
            assertThat(closing).isNotDone();

            host.holdGate.countDown();
            host.holdGate = null;
            closing.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(restore.get(WAIT.toSeconds(), TimeUnit.SECONDS).restoredFrom().fileName()).isEqualTo(file);
            assertThat(host.inMaintenance).isEmpty();
            // Every call on the closed object fails the same documented way.
            assertThatThrownBy(() -> old.status(AUDITOR, "acme")).isInstanceOf(BackupsClosedException.class);
            assertThatThrownBy(() -> old.restores().prepare(OWNER, "acme", file)).isInstanceOf(BackupsClosedException.class);
            assertThatThrownBy(() -> old.catalog().list(AUDITOR, "acme")).isInstanceOf(BackupsClosedException.class);
            assertThat(rebuilt.backupNow(ACCOUNTANT, "acme", "after the restore").await(WAIT).note()).isEqualTo("after the restore");
        }
    }

    @Test
    void backupNowWhileOneRunsSaysItJoinedAndThePageShowsNotesActorsAndTheConsistencyNoticeOnce() throws Exception {
        Host host = new Host();
        host.config.setProperty(KEY_SETTING, newKey());
        host.reloadKeys();
        try (Backups backups = host.build()) {
            host.holdBackupStart = new CountDownLatch(1);
            BackupJob first = backups.backupNow(OWNER, "acme", "before salary year-end");
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (host.audit.stream().noneMatch(e -> e.type() == BackupEvent.Type.BACKUP_STARTED) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            BackupJob second = backups.backupNow(ACCOUNTANT, "acme", "my own note");
            host.holdBackupStart.countDown();
            host.holdBackupStart = null;
            assertThat(second.joined()).isTrue();
            assertThat(second.startedBy()).isEqualTo(OWNER);
            assertThat(second.note()).isEqualTo("before salary year-end");
            assertThat(second.await(WAIT)).isEqualTo(first.await(WAIT));

            assertThatThrownBy(() -> backups.backupNow(ACCOUNTANT, "acme", "x".repeat(501)))
                    .isInstanceOf(InvalidNoteException.class).hasMessageContaining("at most 500");
            assertThatThrownBy(() -> backups.backupNow(AUDITOR, "acme", "")).isInstanceOf(PermissionDeniedException.class);

            List<SnapshotInfo> page = backups.catalog().listWithDetails(AUDITOR, "acme", 0, 50);
            assertThat(page).singleElement().satisfies(row -> {
                assertThat(row.note()).isEqualTo("before salary year-end");
                assertThat(row.actor()).contains(OWNER.id());
                assertThat(row.encrypted()).isTrue();
                assertThat(row.pinned()).isFalse();
                assertThat(row.documents()).isEqualTo(1);
            });
            // mongo-java-server is a standalone server: the notice is on the status line, not an event per backup.
            assertThat(backups.status(AUDITOR, "acme").consistencyNotice()).hasValueSatisfying(n -> assertThat(n)
                    .contains("not point-in-time").contains("replica set"));
            assertThat(host.audit).extracting(e -> e.type().name()).noneMatch(t -> t.contains("POINT_IN_TIME"));
        }
    }
}
