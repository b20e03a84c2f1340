package com.daaisuite.backup.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import com.daaisuite.backup.core.CollectionComparison;
import com.daaisuite.backup.core.CollectionComparison.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.generators.Generate;

/**
 * The contents engine's promises, on generated snapshots (collections of documents with identities):
 * digests do not depend on the order documents and collections are read in, nor on whether the
 * entries fit in memory or were spilled; a snapshot compared with itself is the same everywhere;
 * comparing B with A mirrors comparing A with B; and every count equals a naive model's. Spills are
 * encrypted, owner-only, authenticated, and gone after close.
 */
class ContentsEngineTest {
    private static final boolean THOROUGH = Boolean.getBoolean("daai.thorough");
    private static final int EXAMPLES = THOROUGH ? 1000 : 60;

    @TempDir
    Path tmp;

    /** A snapshot as the model sees it: collection -> id -> document. */
    private static Map<String, Map<String, String>> snapshot(Random r) {
        Map<String, Map<String, String>> s = new TreeMap<>();
        int collections = r.nextInt(5);
        for (int c = 0; c < collections; c++) {
            Map<String, String> docs = new TreeMap<>();
            int n = r.nextInt(40);
            for (int i = 0; i < n; i++) {
                String id = Integer.toString(r.nextInt(60));
                docs.put(id, "{" + id + ":" + r.nextInt(3) + "}");
            }
            s.put("c" + r.nextInt(8) + (r.nextBoolean() ? ".x" : ""), docs);
        }
        return s;
    }

    /** B from A: some documents removed, changed, added; a collection dropped or created. */
    private static Map<String, Map<String, String>> mutate(Map<String, Map<String, String>> a, Random r) {
        Map<String, Map<String, String>> b = new TreeMap<>();
        a.forEach((c, docs) -> {
            if (r.nextInt(6) == 0) {
                return;
            }
            Map<String, String> d = new TreeMap<>();
            docs.forEach((id, doc) -> {
                int what = r.nextInt(6);
                if (what == 0) {
                    return;
                }
                d.put(id, what == 1 ? doc + "*" : doc);
            });
            for (int i = r.nextInt(4); i > 0; i--) {
                d.put("n" + r.nextInt(100), "{new}");
            }
            b.put(c, d);
        });
        if (r.nextBoolean()) {
            b.put("created" + r.nextInt(3), new TreeMap<>(Map.of("1", "{1}")));
        }
        return b;
    }

    /** Feeds a snapshot to a scan, its collections and documents in an order the random decides. */
    private ContentsScan scan(Map<String, Map<String, String>> s, Random order, long memory) {
        ContentsScan scan = new ContentsScan(memory, tmp, Set.of());
        List<String> names = new ArrayList<>(s.keySet());
        Collections.shuffle(names, order);
        names.forEach(n -> scan.collection(n, "collection", List.of("_id_")));
        List<String[]> docs = new ArrayList<>();
        s.forEach((c, d) -> d.forEach((id, doc) -> docs.add(new String[] {c, id, doc})));
        Collections.shuffle(docs, order);
        for (String[] d : docs) {
            scan.document(d[0], bytes(d[1]), bytes(d[2]));
        }
        return scan;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static Map<String, String> digests(ContentsScan scan) {
        try (scan) {
            return ContentsDigest.collections(scan, Map.of());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private List<CollectionComparison> compare(Map<String, Map<String, String>> a, Map<String, Map<String, String>> b, long seed,
            long memory) {
        try (ContentsScan x = scan(a, new Random(seed), memory); ContentsScan y = scan(b, new Random(seed + 1), memory)) {
            return ContentsComparer.compare(x, y, Set.of(), 1000, ContentsEngineTest::text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theContentsDigestDoesNotDependOnDocumentOrCollectionOrderNorOnSpilling() {
        qt().withExamples(EXAMPLES).forAll(Generate.longRange(0, Long.MAX_VALUE / 2)).checkAssert(seed -> {
            Map<String, Map<String, String>> s = snapshot(new Random(seed));
            Map<String, String> inMemory = digests(scan(s, new Random(seed + 1), 64 << 20));
            Map<String, String> spilled = digests(scan(s, new Random(seed + 2), 200));
            assertThat(spilled).isEqualTo(inMemory);
            assertThat(ContentsDigest.snapshot(spilled)).isEqualTo(ContentsDigest.snapshot(inMemory));
            assertThat(inMemory.keySet()).isEqualTo(s.keySet());
        });
    }

    @Test
    void differentContentsHaveDifferentDigests() {
        qt().withExamples(EXAMPLES).forAll(Generate.longRange(0, Long.MAX_VALUE / 2)).checkAssert(seed -> {
            Map<String, Map<String, String>> a = snapshot(new Random(seed));
            Map<String, Map<String, String>> b = mutate(a, new Random(seed + 7));
            Map<String, String> da = digests(scan(a, new Random(seed), 1 << 20));
            Map<String, String> db = digests(scan(b, new Random(seed), 1 << 20));
            for (String c : da.keySet()) {
                if (db.containsKey(c)) {
                    assertThat(da.get(c).equals(db.get(c))).as(c).isEqualTo(a.get(c).equals(b.get(c)));
                }
            }
            assertThat(ContentsDigest.snapshot(da).equals(ContentsDigest.snapshot(db))).isEqualTo(a.equals(b));
        });
    }

    @Test
    void aSnapshotComparedWithItselfIsTheSameEverywhere() {
        qt().withExamples(EXAMPLES).forAll(Generate.longRange(0, Long.MAX_VALUE / 2)).checkAssert(seed -> {
            Map<String, Map<String, String>> a = snapshot(new Random(seed));
            List<CollectionComparison> c = compare(a, a, seed, 300);
            assertThat(c).extracting(CollectionComparison::name).containsExactlyElementsOf(a.keySet());
            assertThat(c).allSatisfy(x -> {
                assertThat(x.status()).isEqualTo(Status.SAME);
                assertThat(x.same()).isEqualTo(a.get(x.name()).size());
                assertThat(x.onlyInA() + x.onlyInB() + x.changed()).isZero();
            });
        });
    }

    @Test
    void comparingBWithAMirrorsComparingAWithBAndCountsMatchAModel() {
        qt().withExamples(EXAMPLES).forAll(Generate.longRange(0, Long.MAX_VALUE / 2)).checkAssert(seed -> {
            Map<String, Map<String, String>> a = snapshot(new Random(seed));
            Map<String, Map<String, String>> b = mutate(a, new Random(seed + 3));
            List<CollectionComparison> ab = compare(a, b, seed, 250);
            List<CollectionComparison> ba = compare(b, a, seed + 10, 1 << 20);
            assertThat(ba).isEqualTo(ab.stream().map(CollectionComparison::mirrored).toList());
            for (CollectionComparison x : ab) {
                Map<String, String> da = a.getOrDefault(x.name(), Map.of());
                Map<String, String> db = b.getOrDefault(x.name(), Map.of());
                long onlyA = da.keySet().stream().filter(k -> !db.containsKey(k)).count();
                long onlyB = db.keySet().stream().filter(k -> !da.containsKey(k)).count();
                long changed = da.keySet().stream().filter(k -> db.containsKey(k) && !da.get(k).equals(db.get(k))).count();
                long same = da.keySet().stream().filter(k -> da.get(k).equals(db.get(k))).count();
                assertThat(List.of(x.onlyInA(), x.onlyInB(), x.changed(), x.same())).as(x.name())
                        .containsExactly(onlyA, onlyB, changed, same);
                Status expected = !a.containsKey(x.name()) ? Status.ADDED : !b.containsKey(x.name()) ? Status.REMOVED
                        : da.equals(db) ? Status.SAME : Status.CHANGED;
                assertThat(x.status()).as(x.name()).isEqualTo(expected);
            }
        });
    }

    @Test
    void spillsAreOwnerOnlyEncryptedAndGoneAfterClose() throws IOException {
        Path folder;
        try (ContentsScan scan = new ContentsScan(100, tmp, Set.of())) {
            for (int i = 0; i < 200; i++) {
                scan.document("secrets", bytes("SECRET-ID-" + i), bytes("{salary: " + i + "}"));
            }
            assertThat(scan.spilledRuns()).isGreaterThan(1);
            folder = scan.spillFolder();
            assertThat(folder).isDirectory();
            if (Files.getFileStore(folder).supportsFileAttributeView("posix")) {
                assertThat(Files.getPosixFilePermissions(folder)).isEqualTo(EnumSet.of(PosixFilePermission.OWNER_READ,
                        PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));
            }
            try (Stream<Path> files = Files.list(folder)) {
                for (Path f : files.toList()) {
                    assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).doesNotContain("SECRET-ID")
                            .doesNotContain("secrets");
                }
            }
            assertThat(ContentsDigest.collections(scan, Map.of())).containsOnlyKeys("secrets");
        }
        assertThat(folder).doesNotExist();
    }

    @Test
    void aSpillChangedOrCutShortIsRefusedNotRead() throws IOException {
        try (SpillFolder f = new SpillFolder(tmp)) {
            SpillFolder.Spill s = f.create();
            try (OutputStream out = s.writer()) {
                out.write(new byte[200_000]);
            }
            Path file;
            try (Stream<Path> files = Files.list(f.path())) {
                file = files.findFirst().orElseThrow();
            }
            try (InputStream in = s.reader()) {
                assertThat(in.readAllBytes()).hasSize(200_000);
            }
            byte[] stored = Files.readAllBytes(file);
            stored[100] ^= 1;
            Files.write(file, stored);
            assertThatThrownBy(() -> {
                try (InputStream in = s.reader()) {
                    in.readAllBytes();
                }
            }).isInstanceOf(IOException.class).hasMessageContaining("does not authenticate");
            stored[100] ^= 1;
            Files.write(file, java.util.Arrays.copyOf(stored, stored.length - 70_000));
            assertThatThrownBy(() -> {
                try (InputStream in = s.reader()) {
                    in.readAllBytes();
                }
            }).isInstanceOf(IOException.class);
        }
    }

    @Test
    void collectionsKnownTheSameAreCountedNotEntered() throws IOException {
        Map<String, Map<String, String>> a = new TreeMap<>(Map.of("big", Map.of("1", "x", "2", "y"), "small", Map.of("1", "z")));
        try (ContentsScan x = new ContentsScan(1 << 20, tmp, Set.of("big")); ContentsScan y = new ContentsScan(1 << 20, tmp, Set.of("big"))) {
            for (ContentsScan s : List.of(x, y)) {
                a.forEach((c, d) -> d.forEach((id, doc) -> s.document(c, bytes(id), bytes(doc))));
            }
            List<CollectionComparison> c = ContentsComparer.compare(x, y, Set.of("big"), 5, ContentsEngineTest::text);
            assertThat(c).extracting(CollectionComparison::name, CollectionComparison::same)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("big", 2L), org.assertj.core.groups.Tuple.tuple("small", 1L));
            assertThat(x.collections().get("big").documents).isEqualTo(2);
        }
    }
}
