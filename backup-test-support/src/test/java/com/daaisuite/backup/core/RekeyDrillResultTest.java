package com.daaisuite.backup.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.daaisuite.backup.core.spi.StorageBackend;
import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.core.spi.StorageObject;
import com.daaisuite.backup.core.spi.StorageUpload;
import com.daaisuite.backup.crypto.Dbk1;
import com.daaisuite.backup.testing.storage.InMemoryStorageBackend;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Re-keying carries a snapshot's restore drill result over to the re-encrypted archive, re-sealed under
 * the new key, but only a result that authenticated under the old key; anything else is dropped and
 * audited. A storage command failing, or the process dying, at any step leaves every snapshot readable
 * with its result, and the next run finishes the job.
 */
class RekeyDrillResultTest {

    private static String rekeyed(Snapshot s) {
        return s.fileName().replace(".gz.enc", "_k" + Fixture.OTHER_KEY.id().toString().substring(0, 8) + ".gz.enc");
    }

    private static void rotate(Fixture f) {
        f.keys.retired.add(Fixture.KEY);
        f.keys.current.set(Fixture.OTHER_KEY);
    }

    private static Snapshot backup(Fixture f) {
        f.clock.advance(Duration.ofMinutes(1));
        return f.backups.backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL).snapshot();
    }

    @Test
    void aPassedDrillResultMovesWithItsArchiveResealedUnderTheNewKey() throws Exception {
        try (Fixture f = new Fixture()) {
            Snapshot s = backup(f);
            DrillResult drilled = f.backups.drills().drill(Fixture.ADMIN, "acme");
            rotate(f);

            f.backups.keyRotation().rekey(Fixture.ADMIN, "acme", false);

            String moved = rekeyed(s);
            assertThat(f.objects("acme")).containsExactly(moved, moved + ".drill", moved + ".manifest");
            assertThat(Dbk1.readHeader(new ByteArrayInputStream(f.bytes("acme", moved + ".drill"))).keyId())
                    .as("sealed under the new key").isEqualTo(Fixture.OTHER_KEY.id());
            f.keys.retired.clear();
            DrillResult carried = f.backups.drills().lastDrill(Fixture.ADMIN, "acme").orElseThrow();
            assertThat(carried.fileName()).isEqualTo(moved);
            assertThat(carried).usingRecursiveComparison().ignoringFields("fileName").isEqualTo(drilled);
            assertThat(f.events.events(BackupEvent.Type.INTEGRITY_FAILURE)).isEmpty();
        }
    }

    /** A result that does not authenticate under any configured key, or describes another archive, is not carried. */
    @Test
    void aForgedOrMisplacedDrillResultIsDroppedAndAudited() throws Exception {
        try (Fixture f = new Fixture()) {
            Snapshot proven = backup(f);
            f.backups.drills().drill(Fixture.ADMIN, "acme", proven.fileName());
            Snapshot moved = backup(f);
            Snapshot tampered = backup(f);
            Snapshot plain = backup(f);
            byte[] genuine = f.bytes("acme", proven.fileName() + ".drill");
            Instant now = f.clock.instant();
            f.storage.put(StorageKey.of("acme", moved.fileName() + ".drill"), genuine, now);
            byte[] flipped = genuine.clone();
            flipped[flipped.length / 2] ^= 1;
            f.storage.put(StorageKey.of("acme", tampered.fileName() + ".drill"), flipped, now);
            f.storage.put(StorageKey.of("acme", plain.fileName() + ".drill"), ("{\"tenantId\":\"acme\",\"fileName\":\""
                    + plain.fileName() + "\",\"startedAt\":\"2026-11-26T10:00:00Z\",\"durationMillis\":1,\"passed\":true,"
                    + "\"reason\":null,\"scratchDatabase\":\"acme_db__daai_drill\",\"documents\":80,\"counts\":{},"
                    + "\"digestsRecorded\":true}").getBytes(StandardCharsets.UTF_8), now);
            rotate(f);

            f.backups.keyRotation().rekey(Fixture.ADMIN, "acme", false);

            assertThat(f.objects("acme")).filteredOn(o -> o.endsWith(".drill")).as("only the genuine result moved")
                    .containsExactly(rekeyed(proven) + ".drill");
            assertThat(f.events.events(BackupEvent.Type.INTEGRITY_FAILURE)).extracting(BackupEvent::fileName)
                    .containsExactlyInAnyOrder(moved.fileName(), tampered.fileName(), plain.fileName());
            assertThat(f.events.events(BackupEvent.Type.INTEGRITY_FAILURE)).allSatisfy(e -> assertThat(e.detail())
                    .contains("was not carried over to").contains("drill the snapshot again"));
            assertThat(f.events.events(BackupEvent.Type.INTEGRITY_FAILURE)).filteredOn(e -> e.fileName().equals(plain.fileName()))
                    .singleElement().satisfies(e -> assertThat(e.detail()).contains("it is not sealed"));
            f.keys.retired.clear();
            assertThat(f.backups.drills().lastDrill(Fixture.ADMIN, "acme")).hasValueSatisfying(
                    d -> assertThat(d.fileName()).isEqualTo(rekeyed(proven)));
        }
    }

    /**
     * A storage command failing at each step of a re-key of a drilled snapshot (reading the old archive,
     * its drill result and manifest; writing the new archive, the re-sealed result and the manifest;
     * deleting the old objects): the snapshot verifies and keeps a readable result at every moment, and
     * the next run finishes with the result beside the new archive.
     */
    @Test
    void aStorageCommandFailingAtEachStepOfTheCarryOverLeavesTheResultReadableAndTheNextRunFinishes() throws Exception {
        int failedRuns = 0;
        for (InMemoryStorageBackend.Operation op : List.of(InMemoryStorageBackend.Operation.OPEN_READ,
                InMemoryStorageBackend.Operation.OPEN_UPLOAD, InMemoryStorageBackend.Operation.WRITE,
                InMemoryStorageBackend.Operation.COMMIT, InMemoryStorageBackend.Operation.DELETE)) {
            for (int nth = 1; nth <= 8; nth++) {
                try (Fixture g = new Fixture()) {
                    Snapshot s = backup(g);
                    DrillResult drilled = g.backups.drills().drill(Fixture.ADMIN, "acme");
                    rotate(g);
                    g.storage.failOn(op, nth);

                    Throwable t = catchThrowable(() -> g.backups.keyRotation().rekey(Fixture.ADMIN, "acme", false));

                    String where = op + " #" + nth + (t == null ? "" : " (" + t.getMessage() + ")");
                    g.storage.clearFailures();
                    if (t != null) {
                        failedRuns++;
                        assertThat(t).as(where).isInstanceOf(StorageException.class);
                    }
                    assertEverySnapshotVerifiesWithItsResult(g, drilled, where);
                    g.backups.keyRotation().rekey(Fixture.ADMIN, "acme", false);
                    String moved = rekeyed(s);
                    assertThat(g.objects("acme")).as("after %s and a second run", where)
                            .containsExactly(moved, moved + ".drill", moved + ".manifest");
                    g.keys.retired.clear();
                    assertThat(g.backups.drills().lastDrill(Fixture.ADMIN, "acme")).as(where)
                            .hasValueSatisfying(d -> assertThat(d.fileName()).isEqualTo(moved));
                }
            }
        }
        assertThat(failedRuns).as("injected failures that stopped a run").isGreaterThanOrEqualTo(10);
    }

    /**
     * The process dying before each storage write or delete of a re-key of a drilled snapshot (nothing
     * after that point runs; an upload not committed is not visible): the rekey's resume logic finds the
     * half-done move, and the next run ends with the archive, its manifest and its carried result.
     */
    @Test
    void aKillBeforeEachStorageChangeOfTheCarryOverIsFinishedByTheNextRun() throws Exception {
        int killed = 0;
        for (int step = 1; ; step++) {
            InMemoryStorageBackend memory = new InMemoryStorageBackend();
            KillSwitch storage = new KillSwitch(memory);
            try (Fixture g = new Fixture(b -> b.storage(storage))) {
                Snapshot s = backup(g);
                DrillResult drilled = g.backups.drills().drill(Fixture.ADMIN, "acme");
                rotate(g);
                storage.killAt(step);

                Throwable t = catchThrowable(() -> g.backups.keyRotation().rekey(Fixture.ADMIN, "acme", false));

                storage.killAt(0);
                if (t == null) {
                    assertThat(killed).as("the re-key has several storage changes").isGreaterThanOrEqualTo(4);
                    return;
                }
                assertThat(t).isInstanceOf(Killed.class);
                killed++;
                String where = "a kill before storage change #" + step;
                assertEverySnapshotVerifiesWithItsResult(g, drilled, where);
                g.backups.keyRotation().rekey(Fixture.ADMIN, "acme", false);
                String moved = rekeyed(s);
                assertThat(memory.list("acme").stream().map(o -> o.key().fileName()).sorted().toList())
                        .as("after %s and a second run", where).containsExactly(moved, moved + ".drill", moved + ".manifest");
                g.keys.retired.clear();
                assertThat(g.backups.drills().lastDrill(Fixture.ADMIN, "acme")).as(where)
                        .hasValueSatisfying(d -> assertThat(d.fileName()).isEqualTo(moved));
                assertThat(g.catalog().verify(Fixture.ADMIN, "acme", moved).ok()).as(where).isTrue();
            }
        }
    }

    private static void assertEverySnapshotVerifiesWithItsResult(Fixture g, DrillResult drilled, String where) {
        List<Snapshot> listed = g.catalog().list(Fixture.ADMIN, "acme");
        assertThat(listed).as("a snapshot is still listed after %s", where).isNotEmpty();
        for (Snapshot l : listed) {
            assertThat(g.catalog().verify(Fixture.ADMIN, "acme", l.fileName()).ok()).as("%s verifies after %s", l.fileName(),
                    where).isTrue();
        }
        assertThat(g.backups.drills().lastDrill(Fixture.ADMIN, "acme")).as("a readable drill result after %s", where)
                .hasValueSatisfying(d -> {
                    assertThat(d.passed()).isTrue();
                    assertThat(d.startedAt()).isEqualTo(drilled.startedAt());
                });
    }

    /** What a process death looks like from inside: nothing after it runs, no catch block cleans up. */
    private static final class Killed extends Error {
        Killed(int step) {
            super("killed before storage change #" + step);
        }
    }

    /** A storage that "kills" the caller before its {@code n}th change (an upload's commit, a delete). */
    private static final class KillSwitch implements StorageBackend {
        private final StorageBackend delegate;
        private final AtomicInteger changes = new AtomicInteger();
        private volatile int killAt;

        KillSwitch(StorageBackend delegate) {
            this.delegate = delegate;
        }

        void killAt(int step) {
            changes.set(0);
            killAt = step;
        }

        private void change() {
            int n = changes.incrementAndGet();
            if (killAt > 0 && n == killAt) {
                throw new Killed(n);
            }
        }

        @Override
        public StorageUpload openUpload(StorageKey key) throws IOException {
            StorageUpload up = delegate.openUpload(key);
            return new StorageUpload() {
                @Override
                public void write(int b) throws IOException {
                    up.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    up.write(b, off, len);
                }

                @Override
                public StorageObject commit() throws IOException {
                    change();
                    return up.commit();
                }

                @Override
                public void abort() {
                    up.abort();
                }

                @Override
                public void close() {
                    up.close();
                }
            };
        }

        @Override
        public InputStream openRead(StorageKey key) throws IOException {
            return delegate.openRead(key);
        }

        @Override
        public List<StorageObject> list(String tenantId) throws IOException {
            return delegate.list(tenantId);
        }

        @Override
        public void delete(Collection<StorageKey> keys) throws IOException {
            change();
            delegate.delete(keys);
        }

        @Override
        public String describe() {
            return "kill switch over " + delegate.describe();
        }

        @Override
        public String location() {
            return delegate.location();
        }
    }
}
