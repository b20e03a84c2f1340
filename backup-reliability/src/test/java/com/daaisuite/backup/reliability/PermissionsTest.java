package com.daaisuite.backup.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.daaisuite.backup.core.Actor;
import com.daaisuite.backup.core.BackupEvent;
import com.daaisuite.backup.core.BackupJob;
import com.daaisuite.backup.core.BackupTrigger;
import com.daaisuite.backup.core.Backups;
import com.daaisuite.backup.core.ConfirmationMismatchException;
import com.daaisuite.backup.core.PermissionDeniedException;
import com.daaisuite.backup.core.RestoreRequest;
import com.daaisuite.backup.core.RestoreResult;
import com.daaisuite.backup.core.Snapshot;
import com.daaisuite.backup.core.SnapshotLabel;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.spi.TenantDirectory;
import com.daaisuite.backup.crypto.KeyProviders;
import com.daaisuite.backup.testing.RecordingListener;
import com.daaisuite.backup.testing.source.InMemoryDatabaseSource;
import com.daaisuite.backup.testing.storage.InMemoryStorageBackend;
import java.text.Normalizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Promise 7: no path restores without RESTORE and the exact workspace name, none backs up on
 * request without CREATE, and every refusal is one audit event naming the actor, the tenant and the
 * reason. Nothing is written or restored by a refused request.
 */
class PermissionsTest {
    static final String WORKSPACE = Normalizer.normalize("Café Ünïcode Ltd", Normalizer.Form.NFC);
    static final Tenant T = Tenant.builder("perm").workspaceName(WORKSPACE).databaseName("db_perm").build();
    static final Tenant OTHER = Fixtures.tenant("other");

    InMemoryDatabaseSource source;
    InMemoryStorageBackend storage;
    RecordingListener events;
    Backups backups;
    Snapshot snapshot;

    @BeforeEach
    void setUp() {
        source = new InMemoryDatabaseSource();
        source.insert(T.databaseName(), "payroll", "march".getBytes());
        storage = new InMemoryStorageBackend();
        events = new RecordingListener();
        backups = Backups.builder().source(source).storage(storage).keys(KeyProviders.of(Fixtures.KEY_A))
                .tenants(TenantDirectory.of(List.of(T, OTHER))).access(Fixtures.ACCESS).listener(events).nodeName("perm").build();
        snapshot = backups.backup(Fixtures.ADMIN, T.id(), BackupTrigger.MANUAL).snapshot();
        source.insert(T.databaseName(), "payroll", "april".getBytes());
        events.clear();
    }

    @AfterEach
    void tearDown() {
        backups.close();
    }

    /** Names a person could type that are not exactly the workspace name. */
    static List<String> nearMisses() {
        List<String> out = new ArrayList<>(List.of(
                WORKSPACE.toLowerCase(Locale.ROOT),
                WORKSPACE.toUpperCase(Locale.ROOT),
                " " + WORKSPACE,
                WORKSPACE + " ",
                WORKSPACE + "\n",
                "\t" + WORKSPACE,
                WORKSPACE.replace(" ", "  "),
                WORKSPACE.replace(" ", "\u00a0"),
                Normalizer.normalize(WORKSPACE, Normalizer.Form.NFD),
                Normalizer.normalize(WORKSPACE, Normalizer.Form.NFKD),
                WORKSPACE.replace("a", "\u0430"),
                WORKSPACE.replace("C", "\uff23"),
                WORKSPACE.replace("é", "e"),
                WORKSPACE + "\u200b",
                "\ufeff" + WORKSPACE,
                WORKSPACE.substring(0, WORKSPACE.length() - 1),
                WORKSPACE + ".",
                "",
                "   ",
                T.id(),
                T.databaseName(),
                OTHER.workspaceName()));
        assertThat(out).doesNotContain(WORKSPACE);
        return out;
    }

    private void assertOneRefusal(BackupEvent.Type type, Actor actor, String reason) {
        assertThat(events.events()).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(type);
            assertThat(e.actor()).isEqualTo(actor);
            assertThat(e.tenantId()).isEqualTo(T.id());
            assertThat(e.detail()).contains(reason);
            assertThat(e.error()).isNotNull();
        });
        events.clear();
    }

    private void assertNothingRestoredOrWritten(int objectsBefore) {
        assertThat(source.restoreCount()).isZero();
        assertThat(storage.objectCount()).as("no safety backup or other object written").isEqualTo(objectsBefore);
        assertThat(backups.catalog().list(Fixtures.ADMIN, T.id())).noneMatch(s -> s.label() == SnapshotLabel.PRE_RESTORE);
    }

    @Test
    void noRestoreWithoutTheRestorePermissionEvenWithTheExactName() {
        int objects = storage.objectCount();
        for (Actor actor : List.of(Fixtures.VIEWER, Fixtures.CREATOR)) {
            assertThatThrownBy(() -> backups.restores().restore(actor, new RestoreRequest(T.id(), snapshot.fileName(), WORKSPACE)))
                    .isInstanceOf(PermissionDeniedException.class).hasMessageContaining(actor.id()).hasMessageContaining(T.id());
            assertOneRefusal(BackupEvent.Type.OPERATION_REFUSED, actor, "RESTORE");
            assertThatThrownBy(() -> backups.restores().prepare(actor, T.id(), snapshot.fileName()))
                    .isInstanceOf(PermissionDeniedException.class);
            assertOneRefusal(BackupEvent.Type.OPERATION_REFUSED, actor, "RESTORE");
        }
        assertNothingRestoredOrWritten(objects);
    }

    @Test
    void noRestoreWithoutTheExactWorkspaceName() {
        int objects = storage.objectCount();
        List<String> misses = nearMisses();
        for (String typed : misses) {
            assertThatThrownBy(() -> backups.restores().restore(Fixtures.ADMIN, new RestoreRequest(T.id(), snapshot.fileName(), typed)))
                    .as("typed %s", HostileInputTest.printable(typed))
                    .isInstanceOf(ConfirmationMismatchException.class);
            assertOneRefusal(BackupEvent.Type.RESTORE_REFUSED, Fixtures.ADMIN, "typed workspace name does not match");
        }
        assertNothingRestoredOrWritten(objects);
        System.out.println("[permissions] " + misses.size() + " near-miss workspace names refused");

        // The control: the exact name restores.
        RestoreResult ok = backups.restores().restore(Fixtures.ADMIN, new RestoreRequest(T.id(), snapshot.fileName(), WORKSPACE));
        assertThat(ok.documents()).isEqualTo(1);
        assertThat(source.restoreCount()).isEqualTo(1);
    }

    @Test
    void noBackupNowWithoutTheCreatePermission() throws Exception {
        int objects = storage.objectCount();
        assertThatThrownBy(() -> backups.backupNow(Fixtures.VIEWER, T.id(), "please"))
                .isInstanceOf(PermissionDeniedException.class).hasMessageContaining(Fixtures.VIEWER.id()).hasMessageContaining("CREATE");
        assertOneRefusal(BackupEvent.Type.OPERATION_REFUSED, Fixtures.VIEWER, "CREATE");
        assertThat(storage.objectCount()).isEqualTo(objects);
        assertThat(source.dumpCount()).isEqualTo(1); // only the fixture's backup

        // The control: an actor with CREATE (and without RESTORE) may back up.
        BackupJob job = backups.backupNow(Fixtures.CREATOR, T.id(), "allowed");
        assertThat(job.await(Duration.ofSeconds(60)).snapshot().label()).isEqualTo(SnapshotLabel.MANUAL);
    }
}
