package com.daaisuite.backup.mongo.internal.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.daaisuite.backup.core.PayloadCorruptException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.bson.BsonDocument;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The reader under mutation: damaged lengths, CRCs, headers, metadata, truncation, appended and
 * duplicated bytes. Every damaged archive gives a PayloadCorruptException, never another exception,
 * never an out-of-memory, never a hang (the class timeout); the few byte changes a reader cannot
 * notice (text inside the header and prelude, exactly as mongorestore) must leave every document and
 * CRC unchanged. Counts scale with -Ddaai.thorough=true. Each failure message names seed and offset.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ArchiveMutationTest {
    private static final int SCALE = Boolean.getBoolean("daai.thorough") ? 10 : 1;
    private static final long SEED = Long.getLong("daai.seed", System.nanoTime());

    private static byte[] small;
    private static Archives.Read smallRead;
    private static byte[] acme;
    private static Archives.Read acmeRead;

    @BeforeAll
    static void archives() throws IOException {
        System.out.println("ArchiveMutationTest seed " + SEED + " (rerun with -Ddaai.seed=" + SEED + ")");
        List<CollectionMetadata> prelude = List.of(
                new CollectionMetadata("tenant", "a", "{\"indexes\":[{\"key\":{\"_id\":{\"$numberInt\":\"1\"}},\"name\":\"_id_\"}],"
                        + "\"collectionName\":\"a\",\"type\":\"collection\"}", "collection"),
                new CollectionMetadata("tenant", "bbb", "{\"indexes\":[],\"collectionName\":\"bbb\"}", "collection"),
                new CollectionMetadata("tenant", "empty", "", "collection"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Random r = new Random(7);
        try (ArchiveWriter w = new ArchiveWriter(out, ArchiveHeader.of("7.0.12", "daai-backup test"), prelude)) {
            for (int i = 0; i < 12; i++) {
                String coll = i % 5 < 3 ? "a" : "bbb";
                byte[] d = Archives.bson(BsonDocument.parse("{_id: " + i + ", v: '" + "x".repeat(r.nextInt(40)) + "', n: {$numberLong: '"
                        + r.nextLong() + "'}}"));
                w.writeDocument("tenant", coll, d, 0, d.length);
            }
            w.endNamespace("tenant", "bbb");
            w.endNamespace("tenant", "empty");
            w.endNamespace("tenant", "a");
        }
        small = out.toByteArray();
        smallRead = Archives.readAll(small);
        acme = Archives.gunzip(Archives.resource("tenant_acme.archive.gz"));
        acmeRead = Archives.readAll(acme);
    }

    /** Reads a damaged archive; returns the result if accepted, null if refused with PayloadCorruptException. */
    private static Archives.Read attempt(byte[] damaged, String what) {
        try {
            return Archives.readAll(damaged);
        } catch (PayloadCorruptException expected) {
            assertThat(expected.getMessage()).as(what).contains("corrupt at byte offset");
            return null;
        } catch (Throwable t) {
            throw new AssertionError(what + " (seed " + SEED + "): expected PayloadCorruptException but got " + t, t);
        }
    }

    private static void assertRefused(byte[] damaged, String what) {
        if (attempt(damaged, what) != null) {
            fail(what + " (seed " + SEED + ") was accepted");
        }
    }

    /** Offset where the body starts: after the prelude terminator. */
    private static int bodyStart(byte[] archive) {
        for (int off : Archives.framingOffsets(archive)) {
            if (BsonLite.readInt32(archive, off) == -1) {
                return off + 4;
            }
        }
        throw new AssertionError("no prelude terminator");
    }

    /** One block of a valid archive: where it starts and ends, its header, its documents' offsets. */
    private record Block(int start, int end, boolean eof, String ns, List<int[]> docs) {
    }

    private static List<Block> blocks(byte[] archive) {
        List<Block> out = new ArrayList<>();
        int p = bodyStart(archive);
        while (p < archive.length) {
            int start = p;
            int n = BsonLite.readInt32(archive, p);
            BsonDocument h = new RawBsonDocument(Arrays.copyOfRange(archive, p, p + n));
            p += n;
            List<int[]> docs = new ArrayList<>();
            while (BsonLite.readInt32(archive, p) != -1) {
                int len = BsonLite.readInt32(archive, p);
                docs.add(new int[] {p, len});
                p += len;
            }
            p += 4;
            out.add(new Block(start, p, h.getBoolean("EOF").getValue(),
                    h.getString("db").getValue() + "." + h.getString("collection").getValue(), docs));
        }
        return out;
    }

    private static byte[] splice(byte[] a, int from, int to, byte[] insert) {
        byte[] out = new byte[a.length - (to - from) + insert.length];
        System.arraycopy(a, 0, out, 0, from);
        System.arraycopy(insert, 0, out, from, insert.length);
        System.arraycopy(a, to, out, from + insert.length, a.length - to);
        return out;
    }

    private static void bitFlips(byte[] base, Archives.Read original, int count, long seed) {
        Random r = new Random(seed);
        int body = bodyStart(base);
        int refused = 0;
        for (int i = 0; i < count; i++) {
            int off = r.nextInt(base.length);
            int bit = r.nextInt(8);
            byte[] m = base.clone();
            m[off] ^= (byte) (1 << bit);
            String what = "bit " + bit + " flipped at offset " + off + " of " + base.length;
            Archives.Read got = attempt(m, what);
            if (got == null) {
                refused++;
                continue;
            }
            assertThat(off).as(what + ": accepted, but only text in the header or prelude may change unnoticed")
                    .isBetween(4, body - 1);
            assertThat(Archives.comparable(got.entries())).as(what + ": accepted, so every document and CRC must be unchanged")
                    .isEqualTo(Archives.comparable(original.entries()));
        }
        assertThat(refused).as("flips refused").isPositive();
    }

    @Test
    void everyFlippedBitInTheBodyOrMagicIsRefusedAndOthersNeverChangeTheData() {
        bitFlips(small, smallRead, 600 * SCALE, SEED);
        bitFlips(acme, acmeRead, 100 * SCALE, SEED + 1);
    }

    @Test
    void everyFramingLengthReplacedByAnImpossibleValueIsRefused() {
        int[] bad = {0, 4, -2, Integer.MIN_VALUE, Integer.MAX_VALUE, ArchiveLimits.MAX_BSON_BYTES + 1};
        for (int off : Archives.framingOffsets(small)) {
            for (int v : bad) {
                byte[] m = small.clone();
                BsonLite.writeInt32(m, off, v);
                assertRefused(m, "length at offset " + off + " set to " + v);
            }
        }
        Random r = new Random(SEED);
        List<Integer> offsets = Archives.framingOffsets(acme);
        for (int i = 0; i < 40 * SCALE; i++) {
            int off = offsets.get(r.nextInt(offsets.size()));
            int v = bad[r.nextInt(bad.length)];
            byte[] m = acme.clone();
            BsonLite.writeInt32(m, off, v);
            assertRefused(m, "acme length at offset " + off + " set to " + v);
        }
    }

    @Test
    void everyDocumentLengthShiftedWithinTheValidRangeIsRefused() {
        for (int off : Archives.framingOffsets(small)) {
            int n = BsonLite.readInt32(small, off);
            if (n == -1) {
                continue;
            }
            for (int delta : new int[] {-8, -4, -1, 1, 3, 4, 5, 64, 4096, ArchiveLimits.MAX_BSON_BYTES - n}) {
                if (n + delta < 5) {
                    continue;
                }
                byte[] m = small.clone();
                BsonLite.writeInt32(m, off, n + delta);
                assertRefused(m, "length " + n + " at offset " + off + " changed by " + delta);
            }
        }
    }

    @Test
    void everyChangedCrcIsRefusedAsACrcMismatch() {
        Random r = new Random(SEED);
        for (byte[] base : List.of(small, acme)) {
            for (Block b : blocks(base)) {
                if (!b.eof()) {
                    continue;
                }
                // CRC is the header's last element: 8 bytes before the header's trailing 0x00
                int headerLen = BsonLite.readInt32(base, b.start());
                int crcAt = b.start() + headerLen - 9;
                byte[] m = base.clone();
                long delta = r.nextLong() | 1;
                long stored = BsonLite.readInt64(m, crcAt) ^ delta;
                for (int k = 0; k < 8; k++) {
                    m[crcAt + k] = (byte) (stored >>> (8 * k));
                }
                try {
                    Archives.readAll(m);
                    fail("changed CRC of " + b.ns() + " accepted");
                } catch (PayloadCorruptException e) {
                    assertThat(e.getMessage()).contains("(namespace " + b.ns() + ")", "CRC mismatch");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    @Test
    void everyTruncationIsRefused() {
        for (int len = 0; len < small.length; len++) {
            assertRefused(Arrays.copyOf(small, len), "truncated to " + len + " of " + small.length + " bytes");
        }
        Random r = new Random(SEED);
        for (int i = 0; i < 60 * SCALE; i++) {
            int len = r.nextInt(acme.length);
            assertRefused(Arrays.copyOf(acme, len), "acme truncated to " + len);
        }
    }

    @Test
    void anythingAppendedAfterTheLastTerminatorIsRefused() {
        Random r = new Random(SEED);
        List<Block> blocks = blocks(small);
        Block last = blocks.get(blocks.size() - 1);
        List<byte[]> tails = new ArrayList<>(List.of(new byte[] {-1, -1, -1, -1}, new byte[4], new byte[] {0},
                Arrays.copyOfRange(small, last.start(), last.end()), Arrays.copyOfRange(small, blocks.get(0).start(), blocks.get(0).end())));
        for (int i = 0; i < 100 * SCALE; i++) {
            byte[] t = new byte[1 + r.nextInt(16)];
            r.nextBytes(t);
            tails.add(t);
        }
        for (byte[] t : tails) {
            byte[] m = Arrays.copyOf(small, small.length + t.length);
            System.arraycopy(t, 0, m, small.length, t.length);
            assertRefused(m, t.length + " bytes appended: " + java.util.HexFormat.of().formatHex(t, 0, Math.min(t.length, 16)));
        }
    }

    @Test
    void aMissingFinalTerminatorIsRefused() {
        assertRefused(Arrays.copyOf(small, small.length - 4), "final terminator removed");
        assertRefused(Arrays.copyOf(acme, acme.length - 4), "acme final terminator removed");
    }

    @Test
    void duplicatedRemovedOrReorderedBlocksAndDocumentsAreRefused() {
        for (byte[] base : List.of(small, acme)) {
            for (Block b : blocks(base)) {
                byte[] block = Arrays.copyOfRange(base, b.start(), b.end());
                if (b.eof() || !b.docs().isEmpty()) {
                    assertRefused(splice(base, b.end(), b.end(), block), "duplicated block of " + b.ns() + (b.eof() ? " EOF" : ""));
                }
                if (b.eof() || !b.docs().isEmpty()) {
                    assertRefused(splice(base, b.start(), b.end(), new byte[0]), "removed block of " + b.ns() + (b.eof() ? " EOF" : ""));
                }
                if (!b.docs().isEmpty()) {
                    int[] d = b.docs().get(b.docs().size() - 1);
                    assertRefused(splice(base, d[0], d[0] + d[1], new byte[0]), "removed last document of a segment of " + b.ns());
                    byte[] doc = Arrays.copyOfRange(base, d[0], d[0] + d[1]);
                    assertRefused(splice(base, d[0], d[0], doc), "duplicated a document of " + b.ns());
                }
                if (b.docs().size() >= 2) {
                    int[] d0 = b.docs().get(0);
                    int[] d1 = b.docs().get(1);
                    byte[] swapped = new byte[d0[1] + d1[1]];
                    System.arraycopy(base, d1[0], swapped, 0, d1[1]);
                    System.arraycopy(base, d0[0], swapped, d1[1], d0[1]);
                    if (!Arrays.equals(swapped, 0, swapped.length, base, d0[0], d0[0] + swapped.length)) {
                        assertRefused(splice(base, d0[0], d1[0] + d1[1], swapped), "swapped two documents of " + b.ns());
                    }
                }
            }
        }
    }

    @Test
    void damagedMetadataInThePreludeIsRefused() {
        for (byte[] base : List.of(small, acme)) {
            int body = bodyStart(base);
            int p = 0;
            int found = 0;
            while ((p = indexOf(base, "\"collectionName\"".getBytes(), p + 1, body)) >= 0) {
                // the metadata string's closing brace sits just before its trailing 0x00; make it unbalanced
                int end = p;
                while (base[end] != 0) {
                    end++;
                }
                byte[] m = base.clone();
                m[end - 1] = '[';
                assertRefused(m, "metadata brace at offset " + (end - 1) + " replaced");
                found++;
            }
            assertThat(found).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void aHeaderOfTheWrongTypeIsRefused() {
        byte[] m = small.clone();
        // concurrent_collections: int32 0x10 -> string 0x02 makes its 4 bytes a string length
        assertThat(m[8]).isEqualTo((byte) 0x10);
        m[8] = 0x02;
        assertRefused(m, "concurrent_collections turned into a string");
        byte[] n = small.clone();
        n[8] = 0x7E;
        assertRefused(n, "concurrent_collections of unknown type 0x7E");
    }

    @Test
    @Tag("thorough")
    void tenThousandMoreBitFlipsAndTruncationsOfRandomArchives() {
        Random r = new Random(SEED);
        int archives = 100 * SCALE;
        for (int i = 0; i < archives; i++) {
            RandomArchives.Case c = RandomArchives.generate(r.nextLong());
            if (c.archive().length > 400_000) {
                continue;
            }
            Archives.Read original;
            try {
                original = Archives.readAll(c.archive());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            bitFlips(c.archive(), original, 100, r.nextLong());
            for (int k = 0; k < 20; k++) {
                int len = r.nextInt(c.archive().length);
                assertRefused(Arrays.copyOf(c.archive(), len), "random archive " + c.seed() + " truncated to " + len);
            }
        }
    }

    private static int indexOf(byte[] a, byte[] what, int from, int to) {
        outer:
        for (int i = from; i <= to - what.length; i++) {
            for (int k = 0; k < what.length; k++) {
                if (a[i + k] != what[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
