package com.daaisuite.backup.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void writesObjectsArraysAndScalarsInOrder() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", 1);
        m.put("b", List.of(true, false));
        m.put("c", null);
        m.put("d", 2.5);
        m.put("e", "x");
        assertThat(Json.write(m)).isEqualTo("{\"a\":1,\"b\":[true,false],\"c\":null,\"d\":2.5,\"e\":\"x\"}");
    }

    @Test
    void escapesQuotesBackslashesAndControlCharacters() {
        assertThat(Json.write("a\"b\\c\nd\u0001e\u2028")).isEqualTo("\"a\\\"b\\\\c\\nd\\u0001e\\u2028\"");
    }

    @Test
    void readsWhatItWrites() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "tab\there \"quoted\" \u20ac \uD83D\uDE00");
        m.put("n", 9_007_199_254_740_993L);
        m.put("neg", -3L);
        m.put("list", Arrays.asList(1L, "two", null, List.of()));
        m.put("nested", Map.of("k", false));
        assertThat(Json.read(Json.write(m))).isEqualTo(m);
    }

    @Test
    void anyStringRoundTrips() {
        qt().forAll(strings().allPossible().ofLengthBetween(0, 40)).checkAssert(s -> assertThat(Json.read(Json.write(s))).isEqualTo(s));
    }

    @Test
    void readsStandardEscapesWhitespaceAndNumbers() {
        assertThat(Json.read(" { \"a\" : [ 1 , -0.5e2 , \"\\u0041\\/\" ] } ")).isEqualTo(Map.of("a", List.of(1L, -50.0, "A/")));
    }

    @Test
    void refusesMalformedText() {
        for (String bad : List.of("", "{", "{\"a\"}", "{\"a\":1,}", "[1 2]", "\"unterminated", "tru", "01", "{\"a\":1} x",
                "\"\u0001\"", "\"\\x\"", "-", "1.", "[", "{1:2}")) {
            assertThatThrownBy(() -> Json.read(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void readObjectRefusesANonObject() {
        assertThatThrownBy(() -> Json.readObject("[1]")).isInstanceOf(IllegalArgumentException.class);
    }
}
