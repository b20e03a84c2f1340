package com.daaisuite.backup.testing.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.daaisuite.backup.BackupException;
import com.daaisuite.backup.core.spi.CollectionSummary;
import com.daaisuite.backup.core.spi.DatabaseSource;
import com.daaisuite.backup.core.spi.DumpSummary;
import com.daaisuite.backup.core.spi.JournalSeal;
import com.daaisuite.backup.core.spi.ProgressListener;
import com.daaisuite.backup.core.spi.RestoreRecovery;
import com.daaisuite.backup.core.spi.RestoreSummary;
import com.daaisuite.backup.core.spi.RestoreTarget;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link DatabaseSource} must have, as tests. A source's module has exactly one
 * test class that extends this and implements the hooks; it may add its own specific tests.
 *
 * <p>Documents are {@link TestDocument}s; the hooks map them to the source's own documents. Every
 * test uses fresh database names from {@link #databaseName(String)}, so one source (one server) can
 * serve the whole class.
 *
 * <p>Test methods are public so that a source whose database genuinely cannot meet one may override
 * it with a comment saying why.
 */
public abstract class DatabaseSourceContract extends DatabaseSourceCollectionsContract {
    // ------------------------------------------------------------------ the contract

    @Test
    public void aDumpRestoredIntoAnotherDatabaseWithAMappingHasTheSameContent() throws Exception {
        String from = databaseName("from");
        String to = databaseName("to");
        seed(from, sample("m"));
        byte[] payload = dump(from);
        RestoreSummary s = source().restore(new ByteArrayInputStream(payload), RestoreTarget.mapping(from, to), ProgressListener.NONE);
        assertThat(normalized(read(to))).isEqualTo(normalized(sample("m")));
        assertThat(normalized(read(from))).isEqualTo(normalized(sample("m")));
        assertThat(s.database()).isEqualTo(to);
        assertThat(s.documents()).isEqualTo(68);
    }

    @Test
    public void aRestoreSealedWithATenantsJournalSealLeavesNothingForItsRecoveryToDo() throws Exception {
        String db = databaseName("sealed");
        seed(db, sample("before"));
        byte[] payload = dump(db);
        seed(db, sample("after"));
        JournalSeal seal = JournalSeal.of(com.daaisuite.backup.crypto.KeyProviders.of(
                com.daaisuite.backup.crypto.MasterKey.generate(new java.security.SecureRandom())), "contract-tenant");
        source().restore(new ByteArrayInputStream(payload), RestoreTarget.of(db).withJournalSeal(seal), ProgressListener.NONE);
        assertThat(normalized(read(db))).isEqualTo(normalized(sample("before")));
        assertThat(source().interruptedRestore(db)).isEmpty();
        assertThat(source().recoverRestore(db, seal).outcome()).isEqualTo(RestoreRecovery.Outcome.NONE);
    }

    @Test
    public void aDumpRestoredIntoItsOwnDatabaseRevertsLaterChanges() throws Exception {
        String db = databaseName("own");
        seed(db, sample("before"));
        byte[] payload = dump(db);
        seed(db, sample("after"));
        source().restore(new ByteArrayInputStream(payload), RestoreTarget.of(db), ProgressListener.NONE);
        assertThat(normalized(read(db))).isEqualTo(normalized(sample("before")));
    }

    @Test
    public void anEmptyDatabaseRoundTripsAndEmptiesTheTarget() throws Exception {
        String empty = databaseName("empty");
        String target = databaseName("target");
        seed(target, sample("t"));
        byte[] payload = dump(empty);
        DumpSummary d = source().dump(empty, new ByteArrayOutputStream(), ProgressListener.NONE);
        assertThat(d.documents()).isZero();
        assertThat(d.collections()).isEmpty();
        source().restore(new ByteArrayInputStream(payload), RestoreTarget.mapping(empty, target), ProgressListener.NONE);
        assertThat(read(target)).isEmpty();
    }

    @Test
    public void emptyCollectionsSurviveTheRoundTrip() throws Exception {
        String from = databaseName("emptycols");
        String to = databaseName("emptycols_to");
        Map<String, List<TestDocument>> content = new LinkedHashMap<>();
        content.put("nothing_yet", List.of());
        content.put("one", docs("one", 1));
        seed(from, content);
        source().restore(new ByteArrayInputStream(dump(from)), RestoreTarget.mapping(from, to), ProgressListener.NONE);
        assertThat(normalized(read(to))).isEqualTo(normalized(content));
    }

    @Test
    public void manyCollectionsRoundTrip() throws Exception {
        String from = databaseName("many");
        String to = databaseName("many_to");
        Map<String, List<TestDocument>> content = new LinkedHashMap<>();
        for (int i = 0; i < 60; i++) {
            content.put("c" + i, docs("c" + i, i % 7));
        }
        seed(from, content);
        DumpSummary d = source().dump(from, new ByteArrayOutputStream(), ProgressListener.NONE);
        assertThat(d.collections()).hasSize(60);
        source().restore(new ByteArrayInputStream(dump(from)), RestoreTarget.mapping(from, to), ProgressListener.NONE);
        assertThat(normalized(read(to))).isEqualTo(normalized(content));
    }

    @Test
    public void aPayloadOfAnotherDatabaseIsRefusedWithoutAnExplicitMapping() throws Exception {
        String a = databaseName("a");
        String b = databaseName("b");
        seed(a, sample("a"));
        seed(b, sample("b"));
        byte[] payload = dump(a);
        assertThatThrownBy(() -> source().restore(new ByteArrayInputStream(payload), RestoreTarget.of(b), ProgressListener.NONE))
                .isInstanceOf(BackupException.class);
        assertThat(normalized(read(b))).isEqualTo(normalized(sample("b")));
    }

    @Test
    public void everyDamagedPayloadIsRefusedAndLeavesTheLiveDatabaseUnchanged() throws Exception {
        String db = databaseName("damaged");
        seed(db, sample("old"));
        byte[] payload = dump(db);
        seed(db, sample("live"));
        List<byte[]> variants = damagedVariants(payload);
        assertThat(variants).isNotEmpty();
        for (byte[] v : variants) {
            assertThatThrownBy(() -> source().restore(new ByteArrayInputStream(v), RestoreTarget.of(db), ProgressListener.NONE))
                    .as("a damaged payload of %d bytes (valid: %d)", v.length, payload.length)
                    .isInstanceOfAny(BackupException.class, IOException.class);
            assertThat(normalized(read(db))).isEqualTo(normalized(sample("live")));
        }
    }

    @Test
    public void aFailureAtTheVeryEndOfTheStreamLeavesTheLiveDatabaseUnchanged() throws Exception {
        // Models DBK1 authenticating its final segment only at the end: the source must read to EOF before swapping.
        String db = databaseName("eof");
        seed(db, sample("old"));
        byte[] payload = dump(db);
        seed(db, sample("live"));
        ByteArrayInputStream bytes = new ByteArrayInputStream(payload);
        // A plain InputStream (not a ByteArrayInputStream subclass), so that readAllBytes, transferTo
        // and skip all go through read() and meet the failure too.
        InputStream failingAtEnd = new InputStream() {
            @Override
            public int read() {
                int b = bytes.read();
                if (b < 0) {
                    throw new IllegalStateException("the end of the archive failed authentication");
                }
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) {
                if (len == 0) {
                    return 0;
                }
                int n = bytes.read(buf, off, len);
                if (n < 0) {
                    throw new IllegalStateException("the end of the archive failed authentication");
                }
                return n;
            }
        };
        assertThatThrownBy(() -> source().restore(failingAtEnd, RestoreTarget.of(db), ProgressListener.NONE))
                .hasStackTraceContaining("the end of the archive failed authentication");
        assertThat(normalized(read(db))).isEqualTo(normalized(sample("live")));
    }

    @Test
    public void restoreReplacesTheContentAndDropsCollectionsTheSnapshotDoesNotHave() throws Exception {
        String db = databaseName("replace");
        Map<String, List<TestDocument>> snapshot = new LinkedHashMap<>();
        snapshot.put("kept", docs("k", 5));
        seed(db, snapshot);
        byte[] payload = dump(db);
        Map<String, List<TestDocument>> live = new LinkedHashMap<>();
        live.put("kept", docs("changed", 2));
        live.put("added_later", docs("later", 3));
        seed(db, live);
        RestoreSummary s = source().restore(new ByteArrayInputStream(payload), RestoreTarget.of(db), ProgressListener.NONE);
        assertThat(normalized(read(db))).isEqualTo(normalized(snapshot));
        assertThat(s.droppedCollections()).containsExactly("added_later");
    }

    @Test
    public void beforeSwapRunsAfterThePayloadIsReadToItsEndAndBeforeTheLiveDatabaseChanges() throws Exception {
        String db = databaseName("hook");
        seed(db, sample("old"));
        byte[] payload = dump(db);
        seed(db, sample("live"));
        ByteArrayInputStream bytes = new ByteArrayInputStream(payload);
        java.util.concurrent.atomic.AtomicBoolean endReached = new java.util.concurrent.atomic.AtomicBoolean();
        InputStream watched = new java.io.FilterInputStream(bytes) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                endReached.compareAndSet(false, b < 0);
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                endReached.compareAndSet(false, n < 0);
                return n;
            }
        };
        List<String> seenByHook = new ArrayList<>();
        source().restore(watched, RestoreTarget.of(db), ProgressListener.NONE, () -> {
            seenByHook.add("end reached: " + endReached.get());
            try {
                // A source may stage beside the live collections (MongoDB does, under reserved names): the
                // live ones must still hold exactly their live content.
                Map<String, List<TestDocument>> live = new LinkedHashMap<>(read(db));
                live.keySet().retainAll(sample("live").keySet());
                seenByHook.add("live unchanged: " + normalized(live).equals(normalized(sample("live"))));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(seenByHook).containsExactly("end reached: true", "live unchanged: true");
        assertThat(normalized(read(db))).isEqualTo(normalized(sample("old")));
    }

    @Test
    public void aBeforeSwapThatThrowsLeavesTheLiveDatabaseUnchangedAndItsExceptionIsRethrownAsItIs() throws Exception {
        String db = databaseName("hookfail");
        seed(db, sample("old"));
        byte[] payload = dump(db);
        seed(db, sample("live"));
        BackupException refusal = new com.daaisuite.backup.core.QuotaExceededException("the safety backup does not fit");
        assertThatThrownBy(() -> source().restore(new ByteArrayInputStream(payload), RestoreTarget.of(db),
                ProgressListener.NONE, () -> {
                    throw refusal;
                })).isSameAs(refusal);
        assertThat(normalized(read(db))).isEqualTo(normalized(sample("live")));
        // Nothing staged is left behind: a dump of the database holds exactly the live collections.
        String copy = databaseName("hookcopy");
        source().restore(new ByteArrayInputStream(dump(db)), RestoreTarget.mapping(db, copy), ProgressListener.NONE);
        assertThat(normalized(read(copy))).isEqualTo(normalized(sample("live")));
    }

    @Test
    public void aDumpTakenWhileARestoreStagesHoldsOnlyTheLiveCollections() throws Exception {
        // The library's pre-restore safety backup runs while the restore stages: it must capture the live
        // data, never the staged copy beside it.
        String db = databaseName("overlap");
        seed(db, sample("old"));
        byte[] payload = dump(db);
        seed(db, sample("live"));
        byte[][] safety = new byte[1][];
        source().restore(new ByteArrayInputStream(payload), RestoreTarget.of(db), ProgressListener.NONE, () -> {
            try {
                safety[0] = dump(db);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(normalized(read(db))).isEqualTo(normalized(sample("old")));
        String copy = databaseName("overlapcopy");
        source().restore(new ByteArrayInputStream(safety[0]), RestoreTarget.mapping(db, copy), ProgressListener.NONE);
        assertThat(normalized(read(copy))).isEqualTo(normalized(sample("live")));
    }

    @Test
    public void recognizesItsOwnDumpAndNotJunk() throws Exception {
        String db = databaseName("magic");
        seed(db, sample("x"));
        byte[] payload = dump(db);
        assertThat(source().recognizes(payload, Math.min(16, payload.length))).isTrue();
        byte[] junk = "this is not a dump of anything at all".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(source().recognizes(junk, 16)).isFalse();
        assertThat(source().recognizes(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0}, 8)).as("gzip").isFalse();
        assertThat(source().recognizes(new byte[] {'D', 'B', 'K', '1', 1, 0, 0, 0}, 8)).as("DBK1").isFalse();
    }

    @Test
    public void theDumpSummaryCountsEveryCollectionDocumentAndByte() throws Exception {
        String db = databaseName("summary");
        seed(db, sample("s"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long[] last = {0, 0};
        DumpSummary d = source().dump(db, out, (bytes, docs) -> {
            last[0] = bytes;
            last[1] = docs;
        });
        assertThat(d.database()).isEqualTo(db);
        assertThat(d.documents()).isEqualTo(68);
        assertThat(d.payloadBytes()).isEqualTo(out.size());
        Map<String, Long> counts = new TreeMap<>();
        for (CollectionSummary c : d.collections()) {
            counts.put(c.name(), c.documents());
        }
        assertThat(counts).isEqualTo(Map.of("customers", 25L, "invoices", 40L, "audit_log", 3L));
        assertThat(last[1]).as("progress reported the last document").isEqualTo(68);
    }

    /** The documents of one collection as the source's own contents reader reads them from a dump, by id. */
    private Map<String, byte[]> snapshotDocuments(String database, String collection) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        com.daaisuite.backup.core.spi.DocumentWriter w = source().documentWriter().orElseThrow();
        source().contentsReader().orElseThrow().read(new ByteArrayInputStream(dump(database)),
                new com.daaisuite.backup.core.spi.DocumentVisitor() {
                    @Override
                    public void collection(String name, String type, List<String> indexNames) {}

                    @Override
                    public void document(String c, byte[] id, byte[] document) {
                        if (c.equals(collection)) {
                            out.put(new String(w.idOf(document), java.nio.charset.StandardCharsets.ISO_8859_1), document);
                        }
                    }
                });
        return out;
    }

    @Test
    public void theDocumentWriterInsertsMissingDocumentsReplacesChangedOnesAndTouchesNoOther() throws Exception {
        String db = databaseName("docs");
        seed(db, sample("w"));
        List<byte[]> snapshot = new ArrayList<>(snapshotDocuments(db, "invoices").values());
        // Live: three invoices deleted, one added, one changed (same id, other text); customers untouched.
        Map<String, List<TestDocument>> live = sample("w");
        List<TestDocument> inv = new ArrayList<>(live.get("invoices"));
        inv.removeIf(d -> d.id().equals("w-i-0") || d.id().equals("w-i-1") || d.id().equals("w-i-2"));
        inv.replaceAll(d -> d.id().equals("w-i-3") ? new TestDocument("w-i-3", "changed") : d);
        inv.add(new TestDocument("new-1", "added later"));
        live.put("invoices", inv);
        seed(db, live);
        var writer = source().documentWriter().orElseThrow();
        Map<String, byte[]> chosen = snapshotDocuments(db, "invoices"); // the live ones, to pick the snapshot's by id
        List<byte[]> pick = snapshot.stream().filter(d -> {
            String id = new String(writer.idOf(d), java.nio.charset.StandardCharsets.ISO_8859_1);
            return !chosen.containsKey(id) || !java.util.Arrays.equals(chosen.get(id), d);
        }).toList();
        assertThat(pick).hasSize(4);

        var outcome = writer.write(db, "invoices", pick, false);

        assertThat(outcome).isEqualTo(new com.daaisuite.backup.core.spi.DocumentWriter.Outcome(3, 1, 0));
        Map<String, List<TestDocument>> expected = sample("w");
        List<TestDocument> all = new ArrayList<>(sample("w").get("invoices"));
        all.add(new TestDocument("new-1", "added later"));
        expected.put("invoices", all);
        assertThat(normalized(read(db))).isEqualTo(normalized(expected));
    }

    @Test
    public void missingOnlyInsertsTheMissingAndLeavesAChangedDocumentAsItIs() throws Exception {
        String db = databaseName("missing");
        seed(db, Map.of("c", List.of(new TestDocument("a", "1"), new TestDocument("b", "2"))));
        List<byte[]> snapshot = new ArrayList<>(snapshotDocuments(db, "c").values());
        seed(db, Map.of("c", List.of(new TestDocument("b", "changed"))));

        var outcome = source().documentWriter().orElseThrow().write(db, "c", snapshot, true);

        assertThat(outcome).isEqualTo(new com.daaisuite.backup.core.spi.DocumentWriter.Outcome(1, 0, 1));
        assertThat(normalized(read(db))).isEqualTo(normalized(Map.of("c",
                List.of(new TestDocument("a", "1"), new TestDocument("b", "changed")))));
    }

    @Test
    public void writingTheSameDocumentsAgainChangesNothingMore() throws Exception {
        String db = databaseName("again");
        seed(db, sample("g"));
        List<byte[]> snapshot = new ArrayList<>(snapshotDocuments(db, "customers").values());
        seed(db, Map.of("customers", List.of()));
        var writer = source().documentWriter().orElseThrow();
        writer.write(db, "customers", snapshot.subList(0, 10), false); // an interrupted first run

        var second = writer.write(db, "customers", snapshot, false);
        var third = writer.write(db, "customers", snapshot, false);

        assertThat(second).isEqualTo(new com.daaisuite.backup.core.spi.DocumentWriter.Outcome(15, 0, 10));
        assertThat(third).isEqualTo(new com.daaisuite.backup.core.spi.DocumentWriter.Outcome(0, 0, 25));
        assertThat(normalized(read(db)).get("customers")).isEqualTo(normalized(sample("g")).get("customers"));
    }

    @Test
    public void findReturnsTheLiveDocumentsInOrderAndNullWhereThereIsNone() throws Exception {
        String db = databaseName("find");
        seed(db, Map.of("c", List.of(new TestDocument("a", "1"), new TestDocument("b", "2"))));
        Map<String, byte[]> docs = snapshotDocuments(db, "c");
        var writer = source().documentWriter().orElseThrow();
        List<byte[]> ids = new ArrayList<>();
        docs.values().forEach(d -> ids.add(writer.idOf(d)));
        seed(db, Map.of("c", List.of(new TestDocument("b", "2"))));

        List<byte[]> live = writer.find(db, "c", ids);

        assertThat(live).hasSize(2);
        long present = live.stream().filter(java.util.Objects::nonNull).count();
        assertThat(present).isEqualTo(1);
        for (int i = 0; i < ids.size(); i++) {
            if (live.get(i) != null) {
                assertThat(writer.idOf(live.get(i))).isEqualTo(ids.get(i));
            }
        }
    }

    @Test
    public void describeAndPayloadFormatAreNonEmpty() {
        assertThat(source().describe()).isNotBlank();
        assertThat(source().payloadFormat()).isNotBlank();
    }

    @Test
    public void concurrentDumpsAndRestoresOfDifferentDatabasesAreIndependent() throws Exception {
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Void>> work = new ArrayList<>();
            List<String> targets = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                String from = databaseName("par" + i);
                String to = databaseName("par_to" + i);
                String tag = "t" + i;
                seed(from, sample(tag));
                targets.add(to);
                work.add(() -> {
                    for (int round = 0; round < 3; round++) {
                        byte[] p = dump(from);
                        source().restore(new ByteArrayInputStream(p), RestoreTarget.mapping(from, to), ProgressListener.NONE);
                    }
                    return null;
                });
            }
            for (Future<Void> f : pool.invokeAll(work)) {
                f.get();
            }
            for (int i = 0; i < threads; i++) {
                assertThat(normalized(read(targets.get(i)))).isEqualTo(normalized(sample("t" + i)));
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
