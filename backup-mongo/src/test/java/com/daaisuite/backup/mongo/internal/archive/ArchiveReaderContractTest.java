package com.daaisuite.backup.mongo.internal.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.daaisuite.backup.core.PayloadCorruptException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

/**
 * The cases of section 9 of mongodump-archive-format.md: what mongorestore accepts the reader
 * accepts, what it refuses the reader refuses (before the namespace's end is ever reported).
 */
class ArchiveReaderContractTest {
    private static final byte[] D1 = Archives.bson(BsonDocument.parse("{_id: 1}"));
    private static final byte[] D2 = Archives.bson(BsonDocument.parse("{_id: 2, s: 'two'}"));
    private static final byte[] D3 = Archives.bson(BsonDocument.parse("{_id: 3, n: {$numberLong: '3'}}"));

    private static Archives.Raw twoCollectionPrelude() {
        return Archives.Raw.archive().header().preludeEntry("db", "a").preludeEntry("db", "b").terminator();
    }

    private static byte[] valid() {
        return twoCollectionPrelude()
                .segment("db", "a", D1).segment("db", "b", D2).segment("db", "a", D3)
                .eof("db", "a", D1, D3).eof("db", "b", D2).bytes();
    }

    private static void assertCorrupt(byte[] archive, String... messageParts) {
        assertThatThrownBy(() -> Archives.readAll(archive))
                .isExactlyInstanceOf(PayloadCorruptException.class)
                .hasMessageContaining("test archive is corrupt at byte offset ")
                .hasMessageContainingAll(messageParts);
    }

    @Test
    void interleavedSegmentsAreReadInArchiveOrderAndEachNamespaceEndsWithItsCrc() throws IOException {
        Archives.Read r = Archives.readAll(valid());
        assertThat(Archives.comparable(r.entries())).isEqualTo(Archives.comparable(List.of(
                new ArchiveEntry.Document("db", "a", D1), new ArchiveEntry.Document("db", "b", D2),
                new ArchiveEntry.Document("db", "a", D3),
                new ArchiveEntry.NamespaceEnd("db", "a", 2, D1.length + D3.length, crc(D1, D3)),
                new ArchiveEntry.NamespaceEnd("db", "b", 1, D2.length, crc(D2)))));
        assertThat(r.header()).isEqualTo(new ArchiveHeader(4, "0.1", "7.0.12", "test"));
        assertThat(r.bytesRead()).isEqualTo(valid().length);
    }

    @Test
    void lenientHeadersAreAcceptedWithAbsentFieldsAsZeroOrEmpty() throws IOException {
        for (String header : List.of("{}", "{version: '9.9', extra: [1, {x: null}], concurrent_collections: {$numberLong: '2'}}",
                "{server_version: 'unknown'}")) {
            byte[] a = Archives.Raw.archive().doc(header).preludeEntry("db", "a").terminator()
                    .segment("db", "a", D1).eof("db", "a", D1).bytes();
            assertThat(Archives.readAll(a).entries()).as(header).hasSize(2);
        }
        byte[] empty = Archives.Raw.archive().doc("{}").preludeEntry("db", "a").terminator().eof("db", "a").bytes();
        assertThat(Archives.readAll(empty).header()).isEqualTo(new ArchiveHeader(0, "", "", ""));
    }

    @Test
    void preludeSizeAsInt64OrMissingTypeEmptyMetadataEmptyOrPlainJsonAreAccepted() throws IOException {
        byte[] a = Archives.Raw.archive().header()
                .doc("{db: 'db', collection: 'a', metadata: '', size: {$numberLong: '0'}, type: ''}")
                .doc("{db: 'db', collection: 'b', metadata: '{ \"indexes\": [ {\"key\": {\"x\": 1}, \"name\": \"x_1\"} ], \"options\": {} }'}")
                .terminator()
                .eof("db", "b").segment("db", "a", D1).eof("db", "a", D1).bytes();
        Archives.Read r = Archives.readAll(a);
        assertThat(r.prelude()).containsExactly(new CollectionMetadata("db", "a", "", ""),
                new CollectionMetadata("db", "b", "{ \"indexes\": [ {\"key\": {\"x\": 1}, \"name\": \"x_1\"} ], \"options\": {} }", ""));
        assertThat(r.entries()).hasSize(3);
    }

    @Test
    void dataHeadersWithoutCrcOrWithOnlyDbAndCollectionAreAccepted() throws IOException {
        byte[] a = Archives.Raw.archive().header().preludeEntry("db", "a").terminator()
                .doc("{db: 'db', collection: 'a', EOF: false}").bytes(D1).terminator()
                .doc("{db: 'db', collection: 'a'}").bytes(D2).terminator()
                .eof("db", "a", D1, D2).bytes();
        assertThat(Archives.readAll(a).end("db", "a").documents()).isEqualTo(2);
    }

    @Test
    void anEmptyNamespaceWithOnlyItsEofBlockAndAnEmptyArchiveAreAccepted() throws IOException {
        assertThat(Archives.readAll(Archives.Raw.archive().header().preludeEntry("db", "a").terminator().eof("db", "a").bytes())
                .entries()).containsExactly(new ArchiveEntry.NamespaceEnd("db", "a", 0, 0, 0));
        assertThat(Archives.readAll(Archives.Raw.archive().header().terminator().bytes()).entries()).isEmpty();
    }

    @Test
    void timeseriesDataUnderSystemBucketsBelongsToItsPreludeEntry() throws IOException {
        byte[] a = Archives.Raw.archive().header()
                .doc("{db: 'db', collection: 'ts', metadata: '', size: 0, type: 'timeseries'}").terminator()
                .segment("db", "system.buckets.ts", D1).eof("db", "system.buckets.ts", D1).bytes();
        assertThat(Archives.readAll(a).end("db", "system.buckets.ts").documents()).isEqualTo(1);
        byte[] plain = Archives.Raw.archive().header().preludeEntry("db", "ts").terminator()
                .segment("db", "system.buckets.ts", D1).eof("db", "system.buckets.ts", D1).bytes();
        assertCorrupt(plain, "(namespace db.system.buckets.ts)", "not declared in the prelude");
    }

    @Test
    void refusesBadMagicAndHintsAtGzip() {
        assertCorrupt(new byte[] {0x1F, (byte) 0x8B, 8, 0, 0, 0}, "at byte offset 0", "decompress it first");
        assertCorrupt(new byte[] {1, 2, 3, 4, 5}, "not the magic 6D E2 99 81");
        assertCorrupt(new byte[] {0x6D, (byte) 0xE2}, "too short");
    }

    @Test
    void refusesHeaderAndPreludeFieldsOfTypesMongodumpCannotDecode() {
        assertCorrupt(Archives.Raw.archive().doc("{concurrent_collections: 'four'}").terminator().bytes(),
                "invalid header document", "'concurrent_collections' is string");
        assertCorrupt(Archives.Raw.archive().doc("{version: 1}").terminator().bytes(), "'version' is int32, not string");
        assertCorrupt(Archives.Raw.archive().header().doc("{db: 'db', collection: 3}").terminator().bytes(),
                "'collection' is int32, not string");
        assertCorrupt(Archives.Raw.archive().header().doc("{db: 'db', collection: 'a', size: 'big'}").terminator().bytes(),
                "'size' is string");
        assertCorrupt(Archives.Raw.archive().header().doc("{db: 'db', metadata: ''}").terminator().bytes(),
                "'collection' is missing");
        assertCorrupt(Archives.Raw.archive().header().preludeEntry("db", "a").preludeEntry("db", "a").terminator().bytes(),
                "appears twice in the prelude");
    }

    @Test
    void refusesMetadataThatIsNotValidJson() {
        for (String bad : List.of("{\"indexes\":[", "not json", "{\"a\":1}}", "[" .repeat(5000))) {
            byte[] a = Archives.Raw.archive().header()
                    .doc(new BsonDocument("db", new org.bson.BsonString("db")).append("collection", new org.bson.BsonString("a"))
                            .append("metadata", new org.bson.BsonString(bad)))
                    .terminator().eof("db", "a").bytes();
            assertCorrupt(a, "(namespace db.a)", "metadata");
        }
    }

    @Test
    void refusesANamespaceInTheBodyThatThePreludeDoesNotDeclare() {
        assertCorrupt(twoCollectionPrelude().segment("db", "c", D1).bytes(), "(namespace db.c)", "not declared in the prelude");
    }

    @Test
    void refusesAPreludeNamespaceThatNeverEndsOrNeverAppears() {
        assertCorrupt(twoCollectionPrelude().segment("db", "a", D1).eof("db", "a", D1).bytes(), "db.b (never appears)");
        assertCorrupt(twoCollectionPrelude().segment("db", "a", D1).eof("db", "a", D1).segment("db", "b", D2).bytes(),
                "db.b (no EOF block)");
    }

    @Test
    void refusesDataAfterANamespacesEofBlock() {
        assertCorrupt(twoCollectionPrelude().segment("db", "a", D1).eof("db", "a", D1).segment("db", "a", D2).bytes(),
                "(namespace db.a)", "a block follows this namespace's EOF block");
        assertCorrupt(twoCollectionPrelude().segment("db", "a", D1).nsHeader("db", "a", true, crc(D1)).bytes(D2).terminator().bytes(),
                "a document follows the EOF header");
    }

    @Test
    void refusesTwoTerminatorsInARowAndAnythingAfterTheEnd() {
        assertCorrupt(twoCollectionPrelude().terminator().bytes(), "two terminators in a row");
        assertCorrupt(twoCollectionPrelude().segment("db", "a", D1).terminator().bytes(), "two terminators in a row");
        byte[] v = valid();
        assertCorrupt(Archives.Raw.archive().bytes(Arrays.copyOfRange(v, 4, v.length)).terminator().bytes(),
                "at byte offset " + v.length, "two terminators");
        assertCorrupt(Archives.Raw.archive().bytes(Arrays.copyOfRange(v, 4, v.length)).int32(0).bytes(),
                "0 is neither the terminator -1 nor a BSON length");
        assertCorrupt(Archives.Raw.archive().bytes(Arrays.copyOfRange(v, 4, v.length)).bytes(D1).bytes(),
                "data follows the end of the archive");
        assertCorrupt(Archives.Raw.archive().bytes(Arrays.copyOfRange(v, 4, v.length)).bytes(new byte[] {0}).bytes(),
                "1 stray bytes");
    }

    @Test
    void refusesAMissingFinalTerminatorAndTruncation() {
        byte[] v = valid();
        assertCorrupt(Arrays.copyOf(v, v.length - 4), "(namespace db.b)", "truncated", "the EOF block's terminator");
        assertCorrupt(Arrays.copyOf(v, v.length - 1), "truncated", "3 stray bytes");
    }

    @Test
    void refusesACrcMismatchBeforeReportingTheNamespaceEnd() throws IOException {
        byte[] a = Archives.Raw.archive().header().preludeEntry("db", "a").terminator()
                .segment("db", "a", D2, D1).eof("db", "a", D1, D2).bytes();
        ArchiveReader r = new ArchiveReader(new ByteArrayInputStream(a), ArchiveLimits.defaults(), "test archive");
        assertThat(r.next()).isInstanceOf(ArchiveEntry.Document.class);
        assertThat(r.next()).isInstanceOf(ArchiveEntry.Document.class);
        assertThatThrownBy(r::next).isExactlyInstanceOf(PayloadCorruptException.class)
                .hasMessageContainingAll("(namespace db.a)", "CRC mismatch", String.format("0x%016x", crc(D1, D2)));
        assertThatThrownBy(r::next).as("failure is sticky").isExactlyInstanceOf(PayloadCorruptException.class)
                .hasMessageContaining("CRC mismatch");
    }

    @Test
    void refusesNamespaceHeadersWithUnknownKeysOrWrongTypesAsMongorestore100_14Does() {
        assertCorrupt(twoCollectionPrelude().doc("{db: 'db', collection: 'a', EOF: false, CRC: 0}").bytes(),
                "'CRC' is int32, not int64");
        assertCorrupt(twoCollectionPrelude().doc("{db: 'db', collection: 'a', EOF: false, extra: 1}").bytes(), "unknown field 'extra'");
        assertCorrupt(twoCollectionPrelude().doc("{db: 'db', EOF: false}").bytes(), "'collection' is missing");
        assertCorrupt(twoCollectionPrelude().doc("{db: 'db', collection: 'a', EOF: 'no'}").bytes(), "'EOF' is string, not boolean");
        assertCorrupt(twoCollectionPrelude().nsHeader("db", "a", false, 5).bytes(), "(namespace db.a)",
                "a data segment header carries CRC 0x0000000000000005");
    }

    @Test
    void limitsOutsideTheFormatsBoundsAreRejected() {
        assertThatThrownBy(() -> new ArchiveLimits(ArchiveLimits.MAX_BSON_BYTES + 1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ArchiveLimits(4, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ArchiveLimits(5, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ArchiveLimits.defaults()).isEqualTo(new ArchiveLimits(16 * 1024 * 1024, 100_000,
                ArchiveLimits.metadataFromHeap(Runtime.getRuntime().maxMemory())));
        assertThat(ArchiveLimits.metadataFromHeap(160L << 20)).as("the CLI launcher's heap").isEqualTo(10 << 20);
        assertThat(ArchiveLimits.metadataFromHeap(8L << 30)).isEqualTo(ArchiveLimits.MAX_METADATA_BYTES);
    }

    @Test
    void refusesLengthsOutsideFiveTo16MiBAndDocumentsNotEndingInZero() {
        for (int bad : new int[] {0, 4, -2, Integer.MIN_VALUE, Integer.MAX_VALUE, ArchiveLimits.MAX_BSON_BYTES + 1}) {
            assertCorrupt(twoCollectionPrelude().nsHeader("db", "a", false, 0).int32(bad).bytes(),
                    "(namespace db.a)", bad + " is neither the terminator -1 nor a BSON length from 5 to 16777216");
        }
        byte[] notZero = D1.clone();
        notZero[notZero.length - 1] = 7;
        assertCorrupt(twoCollectionPrelude().nsHeader("db", "a", false, 0).bytes(notZero).bytes(), "does not end with 0x00");
        assertCorrupt(twoCollectionPrelude().nsHeader("db", "a", false, 0).int32(16 * 1024 * 1024).bytes(new byte[100]).bytes(),
                "truncated inside a document", "16777216 bytes declared, 104 present");
    }

    @Test
    void aSmallerDocumentLimitRefusesLargerDocuments() {
        byte[] big = Archives.bson(new BsonDocument("b", new org.bson.BsonBinary(new byte[1000])));
        byte[] a = twoCollectionPrelude().segment("db", "a", big).bytes();
        assertThatThrownBy(() -> Archives.readAll(a, new ArchiveLimits(big.length - 1, 10, 1 << 20)))
                .isExactlyInstanceOf(PayloadCorruptException.class)
                .hasMessageContaining(big.length + " is neither the terminator -1 nor a BSON length from 5 to " + (big.length - 1));
        assertThatThrownBy(() -> Archives.readAll(a, new ArchiveLimits(1 << 20, 1, 1 << 20)))
                .isExactlyInstanceOf(PayloadCorruptException.class).hasMessageContaining("more than 1 namespaces");
        assertThatThrownBy(() -> Archives.readAll(a, new ArchiveLimits(1 << 20, 10, 100)))
                .isExactlyInstanceOf(PayloadCorruptException.class).hasMessageContaining("more than 100 bytes of metadata");
    }

    private static long crc(byte[]... docs) {
        Crc64 c = new Crc64();
        for (byte[] d : docs) {
            c.update(d);
        }
        return c.getValue();
    }
}
