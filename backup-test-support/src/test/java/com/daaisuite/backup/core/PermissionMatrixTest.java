package com.daaisuite.backup.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every public operation that takes an actor, called by an actor holding exactly the permission it
 * needs (allowed) and by one holding every other permission but that one (refused). A refusal
 * throws {@link PermissionDeniedException}, changes no stored object, no database and no pin, and
 * is audited as one OPERATION_REFUSED event naming the actor and the permission. An allowed change
 * is audited with its actor.
 *
 * <p>Not in the table: {@link BackupService#runDue}, which takes no actor (the host calling the
 * tick is the authority, and its work is recorded under the system actor; see RunDueTest).
 */
class PermissionMatrixTest {
    /** One row: the operation, what it needs, whether it changes state, and the call itself. */
    record Operation(String name, Permission needs, boolean changes, Call call) {}

    /** An operation called as an actor. */
    @FunctionalInterface
    interface Call {
        void accept(Fixture f, Actor actor) throws Exception;
    }

    private final List<Fixture> opened = new ArrayList<>();
    private String older;
    private String newer;

    @AfterEach
    void close() {
        opened.forEach(Fixture::close);
    }

    private List<Operation> operations() {
        return List.of(
                new Operation("list", Permission.VIEW, false, (f, a) -> f.catalog().list(a, "acme")),
                new Operation("find", Permission.VIEW, false, (f, a) -> f.catalog().find(a, "acme", older)),
                new Operation("inspect", Permission.VIEW, false, (f, a) -> f.catalog().inspect(a, "acme", older)),
                new Operation("verify", Permission.VIEW, false, (f, a) -> f.catalog().verify(a, "acme", older)),
                new Operation("contents", Permission.VIEW, false, (f, a) -> f.catalog().contents(a, "acme", older)),
                new Operation("compare", Permission.VIEW, false, (f, a) -> f.catalog().compare(a, "acme", older, newer, 5)),
                new Operation("compare with live", Permission.VIEW, false,
                        (f, a) -> f.catalog().compareWithLive(a, "acme", older, 5)),
                new Operation("find document", Permission.VIEW, false,
                        (f, a) -> f.catalog().findDocument(a, "acme", "customers", "{customer 1 v1}")),
                new Operation("status", Permission.VIEW, false, (f, a) -> f.service().status(a, "acme")),
                new Operation("nextDue", Permission.VIEW, false, (f, a) -> f.service().nextDue(a, "acme")),
                new Operation("prune (dry run)", Permission.VIEW, false, (f, a) -> f.catalog().prune(a, "acme", true)),
                new Operation("backupNow", Permission.CREATE, true,
                        (f, a) -> f.service().backupNow(a, "acme", "matrix").await(Duration.ofSeconds(30))),
                new Operation("backup", Permission.CREATE, true, (f, a) -> f.service().backup(a, "acme", BackupTrigger.MANUAL)),
                new Operation("prepare restore", Permission.RESTORE, false,
                        (f, a) -> f.restores().prepare(a, "acme", older)),
                new Operation("restore", Permission.RESTORE, true,
                        (f, a) -> f.restores().restore(a, new RestoreRequest("acme", older, "Acme Corp"))),
                new Operation("preview collections restore", Permission.RESTORE, false,
                        (f, a) -> f.restores().previewCollections(a, new RestoreRequest("acme", older, "Acme Corp")
                                .collections(RestoreScope.collections(List.of("invoices"))))),
                new Operation("restore collections", Permission.RESTORE, true,
                        (f, a) -> f.restores().restore(a, new RestoreRequest("acme", older, "Acme Corp")
                                .collections(RestoreScope.collections(List.of("invoices"))))),
                new Operation("preview document restore", Permission.RESTORE, false,
                        (f, a) -> f.restores().previewDocuments(a, new RestoreRequest("acme", older, "Acme Corp")
                                .documents(RestoreScope.documents("customers", List.of("{customer 1 v1}"))))),
                new Operation("restore documents", Permission.RESTORE, true,
                        (f, a) -> f.restores().restoreDocuments(a, new RestoreRequest("acme", older, "Acme Corp")
                                .documents(RestoreScope.documents("customers", List.of("{customer 1 v1}"))))),
                new Operation("drill", Permission.RESTORE, true, (f, a) -> f.backups.drills().drill(a, "acme", older)),
                new Operation("last drill", Permission.VIEW, false, (f, a) -> f.backups.drills().lastDrill(a, "acme")),
                new Operation("pin", Permission.RETENTION, true, (f, a) -> f.catalog().pin(a, "acme", older)),
                new Operation("unpin", Permission.RETENTION, true, (f, a) -> f.catalog().unpin(a, "acme", newer)),
                new Operation("prune", Permission.DELETE, true, (f, a) -> f.catalog().prune(a, "acme", false)),
                new Operation("delete", Permission.DELETE, true, (f, a) -> f.catalog().delete(a, "acme", older)));
    }

    /** Actor ids say what they hold: {@code only:VIEW} holds VIEW alone, {@code all-but:VIEW} every other. */
    private static boolean holds(Actor actor, Permission p) {
        if (actor.equals(Fixture.ADMIN)) {
            return true;
        }
        String[] parts = actor.id().split(":");
        if (parts.length != 2 || !(parts[0].equals("only") || parts[0].equals("all-but"))) {
            return false;
        }
        Permission named = Permission.valueOf(parts[1]);
        return parts[0].equals("only") ? p == named : p != named;
    }

    /** A fresh deployment with two snapshots, the newer pinned; the database then moves on to v2. */
    private Fixture deployment() {
        Fixture f = new Fixture(b -> b.access((actor, permission, tenant) -> holds(actor, permission)));
        opened.add(f);
        older = f.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL).snapshot().fileName();
        f.clock.advance(Duration.ofHours(1));
        newer = f.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL).snapshot().fileName();
        f.catalog().pin(Fixture.ADMIN, "acme", newer);
        f.seed("acme_db", "v2");
        f.clock.advance(Duration.ofHours(1));
        f.events.clear();
        return f;
    }

    @Test
    void theTableCoversEveryPermissionButKeys() {
        Set<Permission> covered = EnumSet.noneOf(Permission.class);
        operations().forEach(o -> covered.add(o.needs()));
        // KEYS guards re-keying and converting legacy archives, which are not operations of these services.
        assertThat(covered).isEqualTo(EnumSet.complementOf(EnumSet.of(Permission.KEYS)));
    }

    @Test
    void withoutItsPermissionEveryOperationIsRefusedChangesNothingAndIsAudited() throws Exception {
        for (Operation op : operations()) {
            Fixture f = deployment();
            Actor lacking = Actor.user("all-but:" + op.needs());
            Map<String, String> storedBefore = stored(f);
            Map<String, List<String>> liveBefore = f.content("acme_db");
            int dumps = f.source.dumpCount();
            int restores = f.source.restoreCount();

            assertThatThrownBy(() -> op.call().accept(f, lacking)).as(op.name())
                    .isInstanceOf(PermissionDeniedException.class)
                    .hasMessageContaining(lacking.id()).hasMessageContaining("acme").hasMessageContaining(op.needs().name());

            assertThat(stored(f)).as(op.name() + ": stored objects").isEqualTo(storedBefore);
            assertThat(f.content("acme_db")).as(op.name() + ": live database").isEqualTo(liveBefore);
            assertThat(f.source.dumpCount()).as(op.name() + ": dumps").isEqualTo(dumps);
            assertThat(f.source.restoreCount()).as(op.name() + ": restores").isEqualTo(restores);
            assertThat(f.events.events()).as(op.name() + ": audit").singleElement().satisfies(e -> {
                assertThat(e.type()).isEqualTo(BackupEvent.Type.OPERATION_REFUSED);
                assertThat(e.actor()).isEqualTo(lacking);
                assertThat(e.tenantId()).isEqualTo("acme");
                assertThat(e.detail()).contains("permission " + op.needs() + " denied");
                assertThat(e.error()).isInstanceOf(PermissionDeniedException.class);
            });
        }
    }

    @Test
    void withItsPermissionAloneEveryOperationRunsAndEveryChangeIsAuditedWithItsActor() throws Exception {
        for (Operation op : operations()) {
            Fixture f = deployment();
            Actor holding = Actor.user("only:" + op.needs());
            Map<String, String> storedBefore = stored(f);

            op.call().accept(f, holding);

            assertThat(f.events.events()).as(op.name()).noneMatch(e -> e.type() == BackupEvent.Type.OPERATION_REFUSED);
            if (op.changes()) {
                assertThat(f.events.events()).as(op.name() + ": the change is audited with its actor")
                        .anyMatch(e -> holding.equals(e.actor()));
            } else {
                assertThat(stored(f)).as(op.name() + ": a read changes nothing").isEqualTo(storedBefore);
            }
        }
    }

    @Test
    void aPinnedSnapshotIsNotDeletedEvenWithDeleteAndTheRefusalIsAudited() throws Exception {
        Fixture f = deployment();
        Actor deleter = Actor.user("only:DELETE");
        Map<String, String> before = stored(f);
        assertThatThrownBy(() -> f.catalog().delete(deleter, "acme", newer)).isInstanceOf(LegalHoldException.class)
                .hasMessageContaining("pinned").hasMessageContaining("Unpin it first");
        assertThat(stored(f)).isEqualTo(before);
        assertThat(f.events.types()).containsExactly(BackupEvent.Type.OPERATION_REFUSED);

        f.catalog().delete(deleter, "acme", older);
        assertThat(f.catalog().list(Fixture.ADMIN, "acme")).extracting(Snapshot::fileName).containsExactly(newer);
        assertThat(f.objects("acme")).noneMatch(n -> n.startsWith(older));
        assertThat(f.events.events(BackupEvent.Type.SNAPSHOT_DELETED)).singleElement()
                .satisfies(e -> assertThat(e.actor()).isEqualTo(deleter));
    }

    @Test
    void scheduledWorkIsRecordedUnderTheSystemActorTheHostNamed() {
        Actor named = Actor.system("acme-cron");
        Fixture f = new Fixture(b -> b.systemActor(named));
        opened.add(f);
        f.service().runDue(f.clock.instant().plus(Duration.ofDays(30)));
        assertThat(f.events.events(BackupEvent.Type.BACKUP_COMPLETED)).isNotEmpty()
                .allSatisfy(e -> assertThat(e.actor()).isEqualTo(named));
        assertThat(f.events.events(BackupEvent.Type.DRILL_PASSED)).as("the scheduled drill after the backup").singleElement()
                .satisfies(e -> assertThat(e.actor()).isEqualTo(named));
    }

    /** Every stored object of the tenant with the SHA-256 of its bytes. */
    private static Map<String, String> stored(Fixture f) throws Exception {
        Map<String, String> m = new TreeMap<>();
        for (String name : f.objects("acme")) {
            m.put(name, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(f.bytes("acme", name))));
        }
        return m;
    }
}
