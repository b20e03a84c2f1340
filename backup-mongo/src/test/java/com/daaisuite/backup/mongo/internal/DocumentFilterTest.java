package com.daaisuite.backup.mongo.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.function.Predicate;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.Test;

/** The filter subset evaluates as MongoDB does on raw BSON, and refuses what it cannot evaluate exactly. */
class DocumentFilterTest {

    static boolean matches(String filter, String document) {
        RawBsonDocument raw = RawBsonDocument.parse(document);
        byte[] bytes = Arrays.copyOf(raw.getByteBuffer().array(), raw.getByteBuffer().remaining());
        Predicate<byte[]> p = DocumentFilter.compile(filter);
        return p.test(bytes);
    }

    @Test
    void equalityComparesNumbersByValueAcrossTypesAndStringsExactly() {
        assertThat(matches("{\"n\": 1}", "{\"n\": 1.0}")).isTrue();
        assertThat(matches("{\"n\": {\"$numberLong\": \"1\"}}", "{\"n\": {\"$numberDecimal\": \"1.00\"}}")).isTrue();
        assertThat(matches("{\"n\": 1}", "{\"n\": \"1\"}")).isFalse();
        assertThat(matches("{\"s\": \"a\"}", "{\"s\": \"A\"}")).isFalse();
        assertThat(matches("{}", "{\"s\": 1}")).isTrue();
    }

    @Test
    void allFieldsMustMatch() {
        assertThat(matches("{\"a\": 1, \"b\": 2}", "{\"a\": 1, \"b\": 2}")).isTrue();
        assertThat(matches("{\"a\": 1, \"b\": 2}", "{\"a\": 1, \"b\": 3}")).isFalse();
    }

    @Test
    void rangesCompareWithinATypeBracketOnly() {
        assertThat(matches("{\"n\": {\"$gt\": 5, \"$lte\": 10}}", "{\"n\": 10}")).isTrue();
        assertThat(matches("{\"n\": {\"$gt\": 5}}", "{\"n\": \"9\"}")).isFalse();
        assertThat(matches("{\"s\": {\"$lt\": \"b\"}}", "{\"s\": \"abc\"}")).isTrue();
        assertThat(matches("{\"d\": {\"$gte\": {\"$date\": \"2026-01-01T00:00:00Z\"}}}",
                "{\"d\": {\"$date\": \"2026-02-01T00:00:00Z\"}}")).isTrue();
    }

    @Test
    void nullMatchesAMissingFieldAndExistsTellsThemApart() {
        assertThat(matches("{\"x\": null}", "{\"a\": 1}")).isTrue();
        assertThat(matches("{\"x\": {\"$exists\": false}}", "{\"x\": null}")).isFalse();
        assertThat(matches("{\"x\": {\"$ne\": null}}", "{\"a\": 1}")).isFalse();
        assertThat(matches("{\"x\": {\"$nin\": [1, 2]}}", "{\"a\": 1}")).isTrue();
    }

    @Test
    void anArrayFieldMatchesWhenAnyElementDoes() {
        assertThat(matches("{\"tags\": \"b\"}", "{\"tags\": [\"a\", \"b\"]}")).isTrue();
        assertThat(matches("{\"tags\": {\"$in\": [\"c\", \"a\"]}}", "{\"tags\": [\"a\", \"b\"]}")).isTrue();
        assertThat(matches("{\"tags\": {\"$ne\": \"a\"}}", "{\"tags\": [\"a\", \"b\"]}")).isFalse();
    }

    @Test
    void whatCannotBeEvaluatedExactlyIsRefusedByName() {
        assertThatThrownBy(() -> DocumentFilter.compile("{\"$or\": []}")).hasMessageContaining("$or");
        assertThatThrownBy(() -> DocumentFilter.compile("{\"a.b\": 1}")).hasMessageContaining("a.b");
        assertThatThrownBy(() -> DocumentFilter.compile("{\"a\": {\"$regex\": \"x\"}}")).hasMessageContaining("$regex");
        assertThatThrownBy(() -> DocumentFilter.compile("{\"a\": {\"b\": 1}}")).hasMessageContaining("DOCUMENT");
        assertThatThrownBy(() -> DocumentFilter.compile("{\"a\": [1]}")).hasMessageContaining("ARRAY");
        assertThatThrownBy(() -> DocumentFilter.compile("{\"a\": NaN}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DocumentFilter.compile("not json")).hasMessageContaining("JSON");
    }
}
