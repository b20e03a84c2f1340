package com.daaisuite.backup.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.daaisuite.backup.core.BackupTrigger;
import com.daaisuite.backup.core.ManifestInvalidException;
import com.daaisuite.backup.core.SnapshotLabel;
import com.daaisuite.backup.core.SnapshotManifest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The contents digests in the manifest: written when recorded, read back exactly, absent in manifests
 * written before (which still read, and encode as they were), and refused when malformed.
 */
class ManifestContentsDigestTest {
    private static final String D1 = "a1".repeat(32);
    private static final String D2 = "b2".repeat(32);

    private static SnapshotManifest manifest(List<SnapshotManifest.CollectionEntry> cols, Optional<String> digest) {
        return new SnapshotManifest(1, "acme", "manual_20261126T100000Z.gz", SnapshotLabel.MANUAL, BackupTrigger.MANUAL,
                Instant.parse("2026-11-26T10:00:00Z"), false, Optional.empty(), Optional.empty(), 3, 10, "ab".repeat(32),
                "mongodump-archive", 20, "acme_db", 2, cols, true, Optional.empty(), List.of(), Duration.ofMillis(5),
                Optional.empty(), "dev", "n1", Optional.empty(), "", digest);
    }

    @Test
    void recordedDigestsAndIndexNamesRoundTrip() {
        SnapshotManifest m = manifest(List.of(new SnapshotManifest.CollectionEntry("invoices", "collection", 2, 20, 2,
                Optional.of(D1), List.of("_id_", "by_number"))), Optional.of(D2));
        SnapshotManifest back = ManifestCodec.decode(ManifestCodec.encode(m));
        assertThat(back).isEqualTo(m);
        assertThat(back.hasContentsDigests()).isTrue();
        assertThat(back.collections().get(0).indexNames()).containsExactly("_id_", "by_number");
    }

    @Test
    void aManifestWithoutDigestsEncodesAsBeforeAndSaysSo() {
        SnapshotManifest m = manifest(List.of(new SnapshotManifest.CollectionEntry("invoices", "collection", 2, 20, 1)),
                Optional.empty());
        String json = new String(ManifestCodec.encode(m), StandardCharsets.UTF_8);
        assertThat(json).doesNotContain("contentsDigest").doesNotContain("indexNames");
        assertThat(ManifestCodec.decode(json.getBytes(StandardCharsets.UTF_8)).hasContentsDigests()).isFalse();
    }

    @Test
    void aMalformedDigestIsRefused() {
        assertThatThrownBy(() -> new SnapshotManifest.CollectionEntry("c", "collection", 1, 1, 1, Optional.of("XYZ"), List.of()))
                .isInstanceOf(ManifestInvalidException.class).hasMessageContaining("contents digest");
        assertThatThrownBy(() -> manifest(List.of(), Optional.of(D1.toUpperCase())))
                .isInstanceOf(ManifestInvalidException.class).hasMessageContaining("contentsDigest");
    }
}
