package com.daaisuite.backup.mongo.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.bson.BsonBinary;
import org.bson.BsonDateTime;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;

/**
 * A document's identity is its {@code _id}'s type byte and exact value bytes, wherever {@code _id}
 * stands in the document and whatever its type: the fast path (first element, common types) and the
 * reader agree, identities round-trip through their text, and BSON-different values (an int and a long
 * of the same number) are different identities.
 */
class DocumentIdsTest {
    private static byte[] bytes(BsonDocument d) {
        ByteBuffer b = new RawBsonDocument(d, new BsonDocumentCodec()).getByteBuffer().asNIO();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    private static BsonValue[] ids(long n, String s) {
        return new BsonValue[] {new BsonInt32((int) n), new BsonInt64(n), new BsonDouble(n / 3.0), new BsonString(s),
            new BsonObjectId(new ObjectId(new java.util.Date(Math.abs(n) % 4_000_000_000_000L), (int) (n & 0xFFFFFF))),
            new BsonDateTime(n), new BsonDecimal128(Decimal128.parse(Long.toString(n))),
            new BsonBinary(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
            new BsonDocument("k", new BsonString(s))};
    }

    @Test
    void firstOrNotTheIdIsTheSameAndRoundTripsThroughItsText() {
        qt().withExamples(300).forAll(Generate.longRange(Long.MIN_VALUE / 2, Long.MAX_VALUE / 2),
                // Valid Unicode, as MongoDB stores (it refuses strings that are not UTF-8).
                org.quicktheories.generators.SourceDSL.strings().betweenCodePoints(1, 0xD7FF).ofLengthBetween(0, 20)).checkAssert((n, s) -> {
                    for (BsonValue id : ids(n, s)) {
                        byte[] first = DocumentIds.of(bytes(new BsonDocument("_id", id).append("x", new BsonString(s))));
                        byte[] later = DocumentIds.of(bytes(new BsonDocument("x", new BsonString(s)).append("_id", id)));
                        assertThat(first).as(id.toString()).isEqualTo(later);
                        assertThat(first[0]).isEqualTo((byte) id.getBsonType().getValue());
                        assertThat(DocumentIds.fromText(DocumentIds.toText(first))).as(id.toString()).isEqualTo(first);
                    }
                });
    }

    @Test
    void anIntAndALongOfTheSameNumberAreDifferentIdentities() {
        byte[] i = DocumentIds.of(bytes(new BsonDocument("_id", new BsonInt32(42))));
        byte[] l = DocumentIds.of(bytes(new BsonDocument("_id", new BsonInt64(42))));
        assertThat(Arrays.equals(i, l)).isFalse();
        assertThat(DocumentIds.fromText("42")).isEqualTo(i);
        assertThat(DocumentIds.fromText("{\"$numberLong\": \"42\"}")).isEqualTo(l);
        assertThat(DocumentIds.fromText("INV-001")).isEqualTo(DocumentIds.of(bytes(new BsonDocument("_id", new BsonString("INV-001")))));
        assertThat(DocumentIds.toText(i)).isEqualTo("{\"$numberInt\": \"42\"}");
    }

    @Test
    void aDocumentWithoutAnIdHasTheEmptyIdentity() {
        assertThat(DocumentIds.of(bytes(new BsonDocument("x", new BsonInt32(1))))).isEmpty();
        assertThat(DocumentIds.toText(new byte[0])).isEqualTo("null");
    }
}
