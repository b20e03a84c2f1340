package com.daaisuite.backup.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.daaisuite.backup.IntegrityException;
import com.daaisuite.backup.core.ArchiveChangedException;
import com.daaisuite.backup.core.Actor;
import com.daaisuite.backup.core.BackupEvent;
import com.daaisuite.backup.core.BackupTrigger;
import com.daaisuite.backup.core.Backups;
import com.daaisuite.backup.core.FormatMismatchException;
import com.daaisuite.backup.core.ManifestMismatchException;
import com.daaisuite.backup.crypto.ArchiveRenamedException;
import com.daaisuite.backup.core.RestoreRequest;
import com.daaisuite.backup.core.Snapshot;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.UnverifiedOriginException;
import com.daaisuite.backup.core.spi.BackupListener;
import com.daaisuite.backup.core.spi.StorageBackend;
import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.core.spi.StorageObject;
import com.daaisuite.backup.core.spi.StorageUpload;
import com.daaisuite.backup.core.spi.TenantDirectory;
import com.daaisuite.backup.crypto.KeyProviders;
import com.daaisuite.backup.crypto.WrongTenantException;
import com.daaisuite.backup.time.MutableClock;
import com.daaisuite.backup.testing.RecordingListener;
import com.daaisuite.backup.testing.source.InMemoryDatabaseSource;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The storage writer: someone who can write the bucket or folder but holds no key. Whatever they
 * plant, rename, edit or cut is refused with an {@link IntegrityException} (CLI exit 3), the live
 * database stays byte for byte as it was, and an INTEGRITY_FAILURE event records it with the actor
 * who tried the restore. Run against every storage backend (filesystem and S3); the attacker works
 * through the same storage SPI, which is all a bucket writer has.
 */
abstract class StorageWriterSuite {
    static final Tenant ACME = Fixtures.tenant("writer-acme");
    static final Tenant GLOBEX = Fixtures.tenant("writer-globex");
    static final Actor ADMIN = Fixtures.ADMIN;

    InMemoryDatabaseSource source;
    StorageBackend storage;
    MutableClock clock;
    RecordingListener events;
    Backups backups;
    /** acme's snapshots, oldest first: two encrypted backups an hour apart. */
    Snapshot older;
    Snapshot newer;
    Snapshot globexSnap;

    /** @return a fresh, empty backend for one test */
    abstract StorageBackend newStorage() throws Exception;

    @BeforeEach
    void deploy() throws Exception {
        source = new InMemoryDatabaseSource();
        source.insert(ACME.databaseName(), "invoices", "{acme invoice 1}".getBytes(), "{acme invoice 2}".getBytes());
        source.insert(GLOBEX.databaseName(), "invoices", "{globex invoice}".getBytes());
        storage = newStorage();
        clock = new MutableClock(Instant.parse("2026-11-26T10:00:00Z"));
        events = new RecordingListener();
        backups = Backups.builder().source(source).storage(storage).keys(KeyProviders.of(Fixtures.KEY_A))
                .tenants(TenantDirectory.of(List.of(ACME, GLOBEX))).access(Fixtures.ACCESS).listener(events).clock(clock)
                .nodeName("writer").build();
        older = backups.backup(ADMIN, ACME.id(), BackupTrigger.MANUAL).snapshot();
        clock.advance(Duration.ofHours(1));
        source.insert(ACME.databaseName(), "invoices", "{acme invoice 3}".getBytes());
        newer = backups.backup(ADMIN, ACME.id(), BackupTrigger.MANUAL).snapshot();
        globexSnap = backups.backup(ADMIN, GLOBEX.id(), BackupTrigger.MANUAL).snapshot();
        clock.advance(Duration.ofHours(1));
        source.insert(ACME.databaseName(), "invoices", "{acme invoice 4, the live state}".getBytes());
        events.clear();
    }

    @AfterEach
    void close() throws Exception {
        backups.close();
        storage.close();
    }

    // ---- what the attacker can do with write access and no key ----

    byte[] read(String tenant, String name) throws Exception {
        try (InputStream in = storage.openRead(StorageKey.of(tenant, name))) {
            return in.readAllBytes();
        }
    }

    void plant(String tenant, String name, byte[] bytes) throws Exception {
        StorageKey key = StorageKey.of(tenant, name);
        if (storage.list(tenant).stream().anyMatch(o -> o.key().equals(key))) {
            storage.delete(List.of(key));
        }
        try (StorageUpload up = storage.openUpload(key)) {
            up.write(bytes, 0, bytes.length);
            up.commit();
        }
    }

    /** The attacker's own database, dumped and gzipped: what they want restored. */
    byte[] evilGzip() throws Exception {
        source.insert("evil_db", "invoices", "{all your invoices are belong to us}".getBytes());
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(bo)) {
            source.dump("evil_db", gz, com.daaisuite.backup.core.spi.ProgressListener.NONE);
        }
        return bo.toByteArray();
    }

    static String sealedManifestOf(String archive) {
        return archive + ".manifest";
    }

    // ---- the check every case ends with ----

    void assertRefused(String file, Class<? extends IntegrityException> type, ThrowingCallable restore) {
        Map<String, List<String>> live = live();
        int restores = source.restoreCount();
        assertThatThrownBy(restore).isInstanceOf(type).isInstanceOf(IntegrityException.class);
        assertThat(live()).as("the live database, byte for byte").isEqualTo(live);
        assertThat(source.restoreCount()).isEqualTo(restores);
        try {
            assertThat(storage.list(ACME.id())).as("no safety backup was taken")
                    .noneMatch(o -> o.key().fileName().startsWith("pre-restore"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(events.events(BackupEvent.Type.INTEGRITY_FAILURE)).as("audit").isNotEmpty()
                .allSatisfy(e -> {
                    assertThat(e.tenantId()).isEqualTo(ACME.id());
                    assertThat(e.actor()).isEqualTo(ADMIN);
                    assertThat(e.fileName()).isEqualTo(file);
                });
        events.clear();
    }

    Map<String, List<String>> live() {
        Map<String, List<String>> m = new TreeMap<>();
        source.database(ACME.databaseName()).forEach((c, docs) -> m.put(c, docs.stream().map(Arrays::toString).toList()));
        return m;
    }

    void assertRestoreRefused(String file, Class<? extends IntegrityException> type) {
        assertRefused(file, type, () -> backups.restores().restore(ADMIN,
                new RestoreRequest(ACME.id(), file, ACME.workspaceName())));
    }

    // ---- the cases ----

    @Test
    void plainGzipUnderAnEncryptedNameIsAFormatMismatch() throws Exception {
        plant(ACME.id(), newer.fileName(), evilGzip());
        assertRestoreRefused(newer.fileName(), FormatMismatchException.class);
        assertRefused(newer.fileName(), FormatMismatchException.class,
                () -> backups.catalog().verify(ADMIN, ACME.id(), newer.fileName()));
    }

    @Test
    void plainGzipNewerThanTheFirstEncryptedSnapshotIsRefusedByDefault() throws Exception {
        String planted = "manual_20261126T113000Z.gz";
        plant(ACME.id(), planted, evilGzip());
        assertRestoreRefused(planted, UnverifiedOriginException.class);
    }

    @Test
    void anotherTenantsArchiveRenamedInIsRefused() throws Exception {
        String planted = "manual_20261126T113000Z.gz.enc";
        plant(ACME.id(), planted, read(GLOBEX.id(), globexSnap.fileName()));
        assertRestoreRefused(planted, WrongTenantException.class);
    }

    @Test
    void anotherTenantsManifestRenamedInIsRefused() throws Exception {
        plant(ACME.id(), sealedManifestOf(newer.fileName()), read(GLOBEX.id(), sealedManifestOf(globexSnap.fileName())));
        assertRestoreRefused(newer.fileName(), ManifestMismatchException.class);
        assertRefused(newer.fileName(), ManifestMismatchException.class,
                () -> backups.catalog().inspect(ADMIN, ACME.id(), newer.fileName()));
    }

    @Test
    void anEditedManifestIsRefused() throws Exception {
        byte[] m = read(ACME.id(), sealedManifestOf(newer.fileName()));
        m[m.length - 30] ^= 0x20;
        plant(ACME.id(), sealedManifestOf(newer.fileName()), m);
        assertRestoreRefused(newer.fileName(), ManifestMismatchException.class);
        assertRefused(newer.fileName(), ManifestMismatchException.class,
                () -> backups.catalog().verify(ADMIN, ACME.id(), newer.fileName()));
    }

    @Test
    void aTruncatedManifestIsRefused() throws Exception {
        byte[] m = read(ACME.id(), sealedManifestOf(newer.fileName()));
        plant(ACME.id(), sealedManifestOf(newer.fileName()), Arrays.copyOf(m, m.length - 1));
        assertRestoreRefused(newer.fileName(), ManifestMismatchException.class);
    }

    @Test
    void aManifestMovedBesideAnotherArchiveIsRefused() throws Exception {
        plant(ACME.id(), sealedManifestOf(newer.fileName()), read(ACME.id(), sealedManifestOf(older.fileName())));
        assertRestoreRefused(newer.fileName(), ManifestMismatchException.class);
    }

    @Test
    void thisTenantsArchiveUnderAnotherNameWithItsManifestIsRefused() throws Exception {
        // The older archive replayed as if it were a newer snapshot, its sealed manifest beside it.
        String replay = "manual_20261126T113000Z.gz.enc";
        plant(ACME.id(), replay, read(ACME.id(), older.fileName()));
        plant(ACME.id(), sealedManifestOf(replay), read(ACME.id(), sealedManifestOf(older.fileName())));
        // The archive's authenticated header names the file it was written as (DBK1 version 2): refused before
        // its manifest is even read. Version 1 archives are refused by the manifest binding instead.
        assertRestoreRefused(replay, ArchiveRenamedException.class);
    }

    @Test
    void thisTenantsArchiveUnderAnotherNameWithoutAManifestIsRefused() throws Exception {
        // The older snapshot's own sealed manifest still describes this very archive: a copy, refused.
        String replay = "manual_20261126T113000Z.gz.enc";
        plant(ACME.id(), replay, read(ACME.id(), older.fileName()));
        assertRestoreRefused(replay, ArchiveRenamedException.class);
    }

    @Test
    void theUntouchedSnapshotsStillRestore() {
        backups.restores().restore(ADMIN, new RestoreRequest(ACME.id(), older.fileName(), ACME.workspaceName()));
        assertThat(source.database(ACME.databaseName()).get("invoices")).hasSize(2);
        assertThat(events.events(BackupEvent.Type.INTEGRITY_FAILURE)).isEmpty();
    }

    @Test
    void anOlderArchiveRenamedOverTheChosenOneAfterTheProofIsRefusedBeforeTheSwap() throws Exception {
        // The attacker waits for the whole-archive proof (and the manifest check) to end, then renames the
        // older genuine archive of the same tenant over the chosen one: the load reads other bytes than the
        // proof proved. The storage re-reads the object (as a folder does; forced here so every backend is tried).
        byte[] olderBytes = read(ACME.id(), older.fileName());
        AtomicInteger renames = new AtomicInteger();
        BackupListener renameOnceProven = e -> {
            events.onEvent(e);
            if (e.type() == BackupEvent.Type.RESTORE_STARTED && renames.getAndIncrement() == 0) {
                try {
                    plant(ACME.id(), newer.fileName(), olderBytes);
                } catch (Exception x) {
                    throw new IllegalStateException(x);
                }
            }
        };
        StorageBackend rereading = new StorageBackend() {
            @Override
            public StorageUpload openUpload(StorageKey key) throws java.io.IOException {
                return storage.openUpload(key);
            }

            @Override
            public InputStream openRead(StorageKey key) throws java.io.IOException {
                return storage.openRead(key);
            }

            @Override
            public List<StorageObject> list(String tenantId) throws java.io.IOException {
                return storage.list(tenantId);
            }

            @Override
            public void delete(Collection<StorageKey> keys) throws java.io.IOException {
                storage.delete(keys);
            }

            @Override
            public OptionalLong freeSpace(String tenantId) throws java.io.IOException {
                return storage.freeSpace(tenantId);
            }

            @Override
            public boolean cheapToReadTwice() {
                return true;
            }

            @Override
            public String describe() {
                return storage.describe();
            }
        };
        try (Backups attacked = Backups.builder().source(source).storage(rereading)
                .keys(KeyProviders.of(Fixtures.KEY_A)).tenants(TenantDirectory.of(List.of(ACME, GLOBEX)))
                .access(Fixtures.ACCESS).listener(renameOnceProven).clock(clock).nodeName("writer").build()) {
            Map<String, List<String>> live = live();
            int restores = source.restoreCount();
            assertThatThrownBy(() -> attacked.restores().restore(ADMIN, new RestoreRequest(ACME.id(), newer.fileName(),
                    ACME.workspaceName())))
                    // Version 2 archives are bound to their name, so the load meets the older archive's own name
                    // first; the byte binding (ArchiveChangedException, ArchiveProofTest) is the backstop for
                    // plaintext and version 1 archives. Either way: an integrity error before the swap.
                    .isInstanceOfAny(ArchiveChangedException.class, com.daaisuite.backup.crypto.ArchiveRenamedException.class)
                    .isInstanceOf(com.daaisuite.backup.IntegrityException.class);
            assertThat(renames.get()).as("renamed once the proof had passed").isEqualTo(1);
            assertThat(live()).as("the live database, byte for byte").isEqualTo(live);
            assertThat(source.restoreCount()).as("nothing swapped in").isEqualTo(restores);
            assertThat(events.events(BackupEvent.Type.INTEGRITY_FAILURE)).as("audit").isNotEmpty()
                    .allSatisfy(e -> assertThat(e.fileName()).isEqualTo(newer.fileName()));
        }
    }

}
