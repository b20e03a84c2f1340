package com.daaisuite.backup.core;

import static com.daaisuite.backup.core.BackupEvent.Type.SNAPSHOT_PINNED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.crypto.ArchiveTamperedException;
import com.daaisuite.backup.crypto.Dbk1Options;
import com.daaisuite.backup.testing.storage.InMemoryStorageBackend.Operation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CatalogTest {
    private final Fixture f = new Fixture(b -> b.encryption(Dbk1Options.builder().segmentSize(64 * 1024).build()));

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void tenThousandSnapshotsAreListedNewestFirstFromTheListingAloneWithoutReadingOne() throws Exception {
        Instant start = Instant.parse("2020-01-01T00:00:00Z");
        for (int i = 0; i < 10_000; i++) {
            Instant at = start.plus(Duration.ofHours(i));
            SnapshotLabel label = SnapshotLabel.values()[i % SnapshotLabel.values().length];
            String name = label.label() + "_" + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                    .withZone(java.time.ZoneOffset.UTC).format(at) + (i % 3 == 0 ? ".gz" : ".gz.enc");
            f.storage.put(StorageKey.of("acme", name), new byte[i % 50], at);
            f.storage.put(StorageKey.of("acme", name + ".manifest.json"), new byte[] {'{', '}'}, at);
            if (i % 1000 == 0) {
                f.storage.put(StorageKey.of("acme", name + ".pin"), new byte[0], at);
            }
        }
        f.storage.put(StorageKey.of("acme", "README.txt"), "not a snapshot".getBytes(StandardCharsets.UTF_8), start);
        int readsBefore = f.storage.callCount(Operation.OPEN_READ);

        List<Snapshot> l = f.catalog().list(Fixture.ADMIN, "acme");

        assertThat(f.storage.callCount(Operation.OPEN_READ)).isEqualTo(readsBefore);
        assertThat(l).hasSize(10_000);
        assertThat(l.get(0).createdAt()).isEqualTo(start.plus(Duration.ofHours(9_999)));
        assertThat(l.get(9_999).createdAt()).isEqualTo(start);
        for (int i = 1; i < l.size(); i++) {
            assertThat(l.get(i - 1).createdAt()).isAfter(l.get(i).createdAt());
        }
        assertThat(l.stream().filter(Snapshot::pinned)).hasSize(10);
        assertThat(l.stream().filter(s -> !s.encrypted())).hasSize(3_334);
        Snapshot last = l.get(9_999);
        assertThat(last.fileName()).isEqualTo("monthly_20200101T000000Z.gz");
        assertThat(last.sizeBytes()).isZero();
        assertThat(last.createdAtIn(ZoneId.of("Asia/Kolkata"))).isEqualTo(ZonedDateTime.parse("2020-01-01T05:30+05:30[Asia/Kolkata]"));
    }

    @Test
    void findReturnsASnapshotOrEmpty() {
        Snapshot s = f.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL).snapshot();
        assertThat(f.catalog().find(Fixture.ADMIN, "acme", s.fileName())).contains(s);
        assertThat(f.catalog().find(Fixture.ADMIN, "acme", "manual_20000101T000000Z.gz.enc")).isEmpty();
        assertThat(f.catalog().find(Fixture.ADMIN, "acme", s.fileName() + ".manifest.json")).isEmpty();
    }

    @Test
    void inspectReadsTheHeaderAndTheManifest() {
        Snapshot s = f.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL).snapshot();
        SnapshotDetails d = f.catalog().inspect(Fixture.ADMIN, "acme", s.fileName());
        assertThat(d.snapshot()).isEqualTo(s);
        assertThat(d.format()).isEqualTo("DBK1");
        assertThat(d.keyId()).contains(Fixture.KEY.id().toString());
        assertThat(d.segmentSize()).contains(64 * 1024);
        assertThat(d.manifest()).hasValueSatisfying(m -> assertThat(m.documents()).isEqualTo(80L));
        assertThatThrownBy(() -> f.catalog().inspect(Fixture.ADMIN, "acme", "manual_20000101T000000Z.gz.enc"))
                .isInstanceOf(SnapshotNotFoundException.class).hasMessageContaining("List the tenant's snapshots");
    }

    @Test
    void verifyReadsEverythingAndMatchesTheManifest() {
        BackupResult r = f.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL);
        VerificationReport v = f.catalog().verify(Fixture.ADMIN, "acme", r.snapshot().fileName());
        assertThat(v.ok()).isTrue();
        assertThat(v.problems()).isEmpty();
        assertThat(v.documentsPerCollection()).isEqualTo(r.documentsPerCollection());
        assertThat(v.archiveSha256()).hasSize(64);
        assertThat(f.source.restoreCount()).as("verify changes nothing").isZero();
    }

    @Test
    void verifyDetectsATamperedArchive() {
        Snapshot s = f.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL).snapshot();
        byte[] a = f.bytes("acme", s.fileName());
        a[a.length - 30] ^= 0x10;
        f.storage.overwrite(StorageKey.of("acme", s.fileName()), a);
        assertThatThrownBy(() -> f.catalog().verify(Fixture.ADMIN, "acme", s.fileName())).isInstanceOf(ArchiveTamperedException.class);
    }

    @Test
    void anEditedSealedManifestIsAnIntegrityFailureForInspectAndVerify() {
        Snapshot s = f.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL).snapshot();
        byte[] sealed = f.bytes("acme", s.fileName() + ".manifest");
        sealed[sealed.length - 20] ^= 0x01;
        f.storage.overwrite(StorageKey.of("acme", s.fileName() + ".manifest"), sealed);
        f.events.clear();
        assertThatThrownBy(() -> f.catalog().verify(Fixture.ADMIN, "acme", s.fileName()))
                .isInstanceOf(ManifestMismatchException.class).hasMessageContaining("cannot be trusted");
        assertThatThrownBy(() -> f.catalog().inspect(Fixture.ADMIN, "acme", s.fileName()))
                .isInstanceOf(ManifestMismatchException.class);
        assertThat(f.events.types()).containsExactly(BackupEvent.Type.INTEGRITY_FAILURE, BackupEvent.Type.INTEGRITY_FAILURE);
        assertThat(f.catalog().list(Fixture.ADMIN, "acme")).as("listing needs only names and sizes").hasSize(1);
    }

    @Test
    void aPlaintextManifestBesideAnEncryptedArchiveIsNeverBelieved() {
        Snapshot s = f.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL).snapshot();
        f.storage.put(StorageKey.of("acme", s.fileName() + ".manifest.json"),
                "{\"documents\":999,\"note\":\"planted\"}".getBytes(StandardCharsets.UTF_8), java.time.Instant.now());
        SnapshotManifest m = f.catalog().inspect(Fixture.ADMIN, "acme", s.fileName()).manifest().orElseThrow();
        assertThat(m.documents()).isEqualTo(80L);
        assertThat(m.note()).isNotEqualTo("planted");
        assertThat(f.catalog().verify(Fixture.ADMIN, "acme", s.fileName()).ok()).isTrue();
    }

    @Test
    void aLegacyPlaintextArchiveWithoutAManifestInspectsAndVerifies() throws Exception {
        f.close();
        Fixture plain = new Fixture(b -> b.allowPlaintext(true));
        try {
            plain.keys.current.set(null);
            Snapshot s = plain.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL).snapshot();
            plain.storage.delete(List.of(StorageKey.of("acme", s.fileName() + ".manifest.json")));
            SnapshotDetails d = plain.catalog().inspect(Fixture.ADMIN, "acme", s.fileName());
            assertThat(d.format()).isEqualTo("gzip");
            assertThat(d.keyId()).isEmpty();
            assertThat(d.manifest()).isEmpty();
            VerificationReport v = plain.catalog().verify(Fixture.ADMIN, "acme", s.fileName());
            assertThat(v.ok()).isTrue();
            assertThat(v.documentsPerCollection()).containsEntry("invoices", 50L);
        } finally {
            plain.close();
        }
    }

    @Test
    void pinsAreMarkersShownInTheListingAndAudited() throws Exception {
        Snapshot s = f.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL).snapshot();
        f.events.clear();
        f.catalog().pin(Fixture.ADMIN, "acme", s.fileName());
        f.catalog().pin(Fixture.ADMIN, "acme", s.fileName());
        assertThat(f.objects("acme")).contains(s.fileName() + ".pin");
        assertThat(f.catalog().list(Fixture.ADMIN, "acme").get(0).pinned()).isTrue();
        f.catalog().unpin(Fixture.ADMIN, "acme", s.fileName());
        assertThat(f.catalog().list(Fixture.ADMIN, "acme").get(0).pinned()).isFalse();
        assertThat(f.events.types()).containsExactly(SNAPSHOT_PINNED, SNAPSHOT_PINNED);
        assertThat(f.events.events().get(0).detail()).startsWith("pinned");
        assertThat(f.events.events().get(1).detail()).startsWith("unpinned");
        assertThatThrownBy(() -> f.catalog().pin(Fixture.ADMIN, "acme", "manual_20000101T000000Z.gz.enc"))
                .isInstanceOf(SnapshotNotFoundException.class);
    }

    @Test
    void tenantsAreIsolated() {
        f.addTenant(Tenant.of("globex", "Globex", "globex_db"));
        f.seed("globex_db", "g");
        f.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL);
        assertThat(f.catalog().list(Fixture.ADMIN, "globex")).isEmpty();
        assertThatThrownBy(() -> f.catalog().list(Fixture.ADMIN, "nobody")).isInstanceOf(UnknownTenantException.class);
    }
}
