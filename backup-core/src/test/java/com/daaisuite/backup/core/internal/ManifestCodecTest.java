package com.daaisuite.backup.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import com.daaisuite.backup.core.BackupTrigger;
import com.daaisuite.backup.core.ManifestInvalidException;
import com.daaisuite.backup.core.SnapshotLabel;
import com.daaisuite.backup.core.SnapshotManifest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The manifest codec is hand-written (core has no JSON dependency, docs/architecture.md "Manifests"),
 * so it carries its own proof: every valid manifest round-trips exactly, and no input whatsoever
 * escapes as anything but a valid manifest or a {@link ManifestInvalidException}.
 */
class ManifestCodecTest {
    private static final boolean THOROUGH = Boolean.getBoolean("daai.thorough");
    private static final int EXAMPLES = THOROUGH ? 5000 : 300;

    /** The stored form written by the library before the typed record existed: it must still read. */
    private static final String VERSION_1 = "{\"manifestVersion\":1,\"tenantId\":\"acme\",\"archive\":\"manual_20261126T100000Z.gz.enc\","
            + "\"label\":\"manual\",\"trigger\":\"manual\",\"createdAt\":\"2026-11-26T10:00:00Z\",\"encrypted\":true,"
            + "\"keyId\":\"3f6a1c2e-0d4b-4e55-9a1b-7c2d3e4f5a6b\",\"segmentSize\":65536,\"compressionLevel\":3,"
            + "\"archiveBytes\":1234,\"archiveSha256\":\"" + "ab".repeat(32) + "\",\"payloadFormat\":\"mongodump-archive\","
            + "\"payloadBytes\":5678,\"database\":\"acme_db\",\"documents\":80,\"collections\":[{\"name\":\"invoices\","
            + "\"type\":\"collection\",\"documents\":50,\"bytes\":4000,\"indexes\":2},{\"name\":\"customers\",\"type\":\"collection\","
            + "\"documents\":30,\"bytes\":1678,\"indexes\":1}],\"pointInTime\":true,\"serverVersion\":\"7.0.14\",\"warnings\":[],"
            + "\"durationMillis\":412,\"committedAt\":\"2026-11-26T10:00:01Z\",\"libraryVersion\":\"0.1.0-SNAPSHOT\","
            + "\"node\":\"node-1\",\"actor\":\"admin\",\"note\":\"quarter close\"}";

    @Test
    void aVersion1ManifestWrittenBeforeTheRecordReadsWithEveryField() {
        SnapshotManifest m = ManifestCodec.decode(VERSION_1.getBytes(StandardCharsets.UTF_8));
        assertThat(m.schemaVersion()).isEqualTo(1);
        assertThat(m.label()).isEqualTo(SnapshotLabel.MANUAL);
        assertThat(m.trigger()).isEqualTo(BackupTrigger.MANUAL);
        assertThat(m.keyId()).contains("3f6a1c2e-0d4b-4e55-9a1b-7c2d3e4f5a6b");
        assertThat(m.segmentSize()).contains(65536);
        assertThat(m.collections()).extracting(SnapshotManifest.CollectionEntry::name).containsExactly("invoices", "customers");
        assertThat(m.duration()).isEqualTo(Duration.ofMillis(412));
        assertThat(m.committedAt()).contains(Instant.parse("2026-11-26T10:00:01Z"));
        assertThat(m.actor()).contains("admin");
        assertThat(m.note()).isEqualTo("quarter close");
        assertThat(new String(ManifestCodec.encode(m), StandardCharsets.UTF_8)).isEqualTo(VERSION_1);
    }

    @Test
    void aManifestFromANewerLibraryIsRefusedNotHalfRead() {
        byte[] v3 = VERSION_1.replace("\"manifestVersion\":1", "\"manifestVersion\":3").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ManifestCodec.decode(v3)).isInstanceOf(ManifestInvalidException.class)
                .hasMessageContaining("newer library").hasMessageContaining("upgrade");
    }

    @Test
    void aPartialSnapshotsManifestIsVersionTwoSoThatALibraryThatDoesNotKnowTheMarkRefusesIt() {
        String partial = VERSION_1.replace("\"manifestVersion\":1", "\"manifestVersion\":2")
                .replace("\"note\":\"quarter close\"", "\"note\":\"quarter close\",\"onlyCollections\":[\"invoices\"]");
        SnapshotManifest m = ManifestCodec.decode(partial.getBytes(StandardCharsets.UTF_8));
        assertThat(m.partial()).isTrue();
        assertThat(m.onlyCollections()).contains(java.util.List.of("invoices"));
        assertThat(ManifestCodec.decode(ManifestCodec.encode(m))).isEqualTo(m);
        // The mark under version 1 would be skipped by an older reader (unknown fields are ignored): refused.
        String markedAsOne = partial.replace("\"manifestVersion\":2", "\"manifestVersion\":1");
        assertThatThrownBy(() -> ManifestCodec.decode(markedAsOne.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ManifestInvalidException.class).hasMessageContaining("onlyCollections needs schema version 2");
        String empty = partial.replace("[\"invoices\"]", "[]");
        assertThatThrownBy(() -> ManifestCodec.decode(empty.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ManifestInvalidException.class).hasMessageContaining("onlyCollections");
    }

    @Test
    void aMissingOrMistypedFieldIsNamed() {
        assertThatThrownBy(() -> ManifestCodec.decode(VERSION_1.replace("\"archiveBytes\":1234,", "").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ManifestInvalidException.class).hasMessageContaining("archiveBytes is missing");
        assertThatThrownBy(() -> ManifestCodec.decode(VERSION_1.replace("\"documents\":80", "\"documents\":\"80\"")
                .getBytes(StandardCharsets.UTF_8))).isInstanceOf(ManifestInvalidException.class)
                .hasMessageContaining("documents is not an integer");
    }

    @Test
    void contradictionsAreRefused() {
        String plaintextWithKey = VERSION_1.replace("\"encrypted\":true", "\"encrypted\":false");
        assertThatThrownBy(() -> ManifestCodec.decode(plaintextWithKey.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ManifestInvalidException.class).hasMessageContaining("plaintext archive has a keyId");
        String badSha = VERSION_1.replace("ab".repeat(32), "AB".repeat(32));
        assertThatThrownBy(() -> ManifestCodec.decode(badSha.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ManifestInvalidException.class).hasMessageContaining("archiveSha256");
    }

    @Test
    void everyValidManifestRoundTripsExactly() {
        qt().withExamples(EXAMPLES).withShrinkCycles(50).forAll(manifests()).checkAssert(m -> {
            byte[] stored = ManifestCodec.encode(m);
            assertThat(ManifestCodec.decode(stored)).isEqualTo(m);
            assertThat(ManifestCodec.encode(ManifestCodec.decode(stored))).isEqualTo(stored);
        });
    }

    @Test
    void arbitraryBytesAreAManifestOrAManifestInvalidExceptionNeverAnythingElse() {
        qt().withExamples(EXAMPLES * 3).forAll(Generate.byteArrays(Generate.range(0, 400), Generate.bytes(Byte.MIN_VALUE,
                Byte.MAX_VALUE, (byte) 0))).checkAssert(ManifestCodecTest::decodesOrRefusesCleanly);
    }

    @Test
    void mutatedManifestsAreAManifestOrAManifestInvalidExceptionNeverAnythingElse() {
        // Mutations of a valid manifest reach much deeper than random bytes: the JSON parses, then a
        // field is cut, duplicated, retyped or its text flipped.
        qt().withExamples(EXAMPLES * 3).forAll(manifests(), Generate.longRange(0, Long.MAX_VALUE - 1)).checkAssert((m, seed) -> {
            byte[] b = ManifestCodec.encode(m);
            Random r = new Random(seed);
            byte[] mutated = switch (r.nextInt(5)) {
                case 0 -> Arrays.copyOf(b, r.nextInt(b.length));
                case 1 -> {
                    byte[] c = b.clone();
                    c[r.nextInt(c.length)] ^= (byte) (1 << r.nextInt(8));
                    yield c;
                }
                case 2 -> {
                    byte[] c = b.clone();
                    c[r.nextInt(c.length)] = (byte) "{}[]\",:0-.e\\ntfu".charAt(r.nextInt(16));
                    yield c;
                }
                case 3 -> {
                    int from = r.nextInt(b.length);
                    int to = Math.min(b.length, from + 1 + r.nextInt(40));
                    byte[] c = new byte[b.length - (to - from)];
                    System.arraycopy(b, 0, c, 0, from);
                    System.arraycopy(b, to, c, from, b.length - to);
                    yield c;
                }
                default -> {
                    int at = r.nextInt(b.length);
                    byte[] c = new byte[b.length + 1];
                    System.arraycopy(b, 0, c, 0, at);
                    c[at] = (byte) r.nextInt(256);
                    System.arraycopy(b, at, c, at + 1, b.length - at);
                    yield c;
                }
            };
            decodesOrRefusesCleanly(mutated);
        });
    }

    private static void decodesOrRefusesCleanly(byte[] bytes) {
        SnapshotManifest m;
        try {
            m = ManifestCodec.decode(bytes);
        } catch (ManifestInvalidException expected) {
            assertThat(expected.getMessage()).startsWith("Invalid snapshot manifest: ");
            return;
        }
        // Whatever decodes is a valid record that survives its own round trip.
        assertThat(ManifestCodec.decode(ManifestCodec.encode(m))).isEqualTo(m);
    }

    // ------------------------------------------------------------------ generators

    /** Text with what JSON must escape: quotes, backslashes, controls, and characters beyond the BMP. */
    private static Gen<String> text(int maxLength) {
        int[] specials = {'"', '\\', '/', '\n', '\r', '\t', 0, 1, 0x1f, 0x7f, 0xe9, 0x2028, 0xfeff, 0x1f600, 0x10ffff};
        Gen<Integer> codePoint = Generate.frequency(
                org.quicktheories.api.Pair.of(6, Generate.range(0x20, 0x7e)),
                org.quicktheories.api.Pair.of(2, Generate.pick(Arrays.stream(specials).boxed().toList())),
                org.quicktheories.api.Pair.of(1, Generate.range(0xa0, 0xd7ff)),
                org.quicktheories.api.Pair.of(1, Generate.range(0xe000, 0x10ffff)));
        return Generate.intArrays(Generate.range(0, maxLength), codePoint).map(cps -> new String(cps, 0, cps.length));
    }

    private static Gen<String> nonEmpty(int maxLength) {
        return text(maxLength).map(s -> s.isEmpty() ? "x" : s);
    }

    private static Gen<SnapshotManifest.CollectionEntry> collections() {
        return nonEmpty(20).zip(Generate.pick(List.of("collection", "view", "timeseries")),
                Generate.longRange(0, Long.MAX_VALUE), Generate.range(0, 64),
                (n, t, d, i) -> new SnapshotManifest.CollectionEntry(n, t, d, d / 3, i));
    }

    private static Gen<Instant> instants() {
        return Generate.longRange(0, 253402300799L).zip(Generate.range(0, 999_999_999), Instant::ofEpochSecond);
    }

    private static Gen<SnapshotManifest> manifests() {
        Gen<List<SnapshotManifest.CollectionEntry>> cols = Generate.intArrays(Generate.range(0, 6), Generate.range(0, 1000))
                .zip(Generate.longRange(0, Long.MAX_VALUE - 1), (a, seed) -> {
                    List<SnapshotManifest.CollectionEntry> l = new ArrayList<>();
                    Random r = new Random(seed);
                    for (int i = 0; i < a.length; i++) {
                        l.add(new SnapshotManifest.CollectionEntry("c" + a[i], "collection", r.nextLong() & Long.MAX_VALUE,
                                r.nextInt(Integer.MAX_VALUE), r.nextInt(10)));
                    }
                    return l;
                });
        Gen<List<SnapshotManifest.CollectionEntry>> richCols = collections().zip(cols, (c, l) -> {
            List<SnapshotManifest.CollectionEntry> all = new ArrayList<>(l);
            all.add(c);
            return all;
        });
        Gen<String> sha = Generate.longRange(Long.MIN_VALUE, Long.MAX_VALUE).map(seed -> {
            byte[] b = new byte[32];
            new Random(seed).nextBytes(b);
            return java.util.HexFormat.of().formatHex(b);
        });
        Gen<Optional<String>> maybeText = Generate.booleans().zip(text(30), (p, s) -> p ? Optional.of(s) : Optional.empty());
        Gen<Optional<Instant>> maybeInstant = Generate.booleans().zip(instants(), (p, i) -> p ? Optional.of(i) : Optional.empty());
        Gen<Boolean> encrypted = Generate.booleans();
        Gen<SnapshotManifest> head = encrypted.zip(Generate.pick(List.of(SnapshotLabel.values())),
                Generate.pick(List.of(BackupTrigger.values())), instants(),
                (e, l, t, at) -> new SnapshotManifest(1, "t", "a", l, t, at, e, e ? Optional.of("k") : Optional.empty(),
                        e ? Optional.of(65536) : Optional.empty(), 3, 0, "0".repeat(64), "p", 0, "d", 0, List.of(), false,
                        Optional.empty(), List.of(), Duration.ZERO, Optional.empty(), "v", "n", Optional.empty(), ""));
        Gen<long[]> numbers = Generate.longRange(Long.MIN_VALUE, Long.MAX_VALUE).map(seed -> {
            Random r = new Random(seed);
            long[] n = new long[5];
            for (int i = 0; i < n.length; i++) {
                // Half the values at the edges (0, 1, Long.MAX_VALUE), half anywhere.
                int edge = r.nextInt(6);
                n[i] = edge == 0 ? 0 : edge == 1 ? 1 : edge == 2 ? Long.MAX_VALUE : r.nextLong() & Long.MAX_VALUE;
            }
            return n;
        });
        return head.zip(numbers, richCols, sha, (h, n, c, s) -> new SnapshotManifest(h.schemaVersion(), "acme", h.archive(),
                h.label(), h.trigger(), h.createdAt(), h.encrypted(),
                h.encrypted() ? Optional.of(java.util.UUID.nameUUIDFromBytes(s.getBytes(StandardCharsets.UTF_8)).toString())
                        : Optional.empty(),
                h.encrypted() ? Optional.of((int) (1 + n[4] % Integer.MAX_VALUE)) : Optional.empty(), (int) (1 + n[0] % 9),
                n[1], s, "mongodump-archive", n[2], "acme_db", n[3], c, n[0] % 2 == 0, Optional.empty(), List.of(),
                Duration.ofMillis(n[4] % 86_400_000_000L), Optional.empty(), "0.1.0", "node-1", Optional.empty(), ""))
                .zip(nonEmpty(40), text(60), maybeText, maybeInstant, (m, tenant, note, actor, committed) ->
                        new SnapshotManifest(m.schemaVersion(), tenant, m.archive() + tenant, m.label(), m.trigger(),
                                m.createdAt(), m.encrypted(), m.keyId(), m.segmentSize(), m.compressionLevel(), m.archiveBytes(),
                                m.archiveSha256(), m.payloadFormat(), m.payloadBytes(), note, m.documents(), m.collections(),
                                m.pointInTime(), actor.map(a -> "server " + a), List.of(note, tenant), m.duration(), committed,
                                m.libraryVersion(), m.node(), actor, note));
    }
}
