package com.daaisuite.backup.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.daaisuite.backup.web.internal.Json;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;
import org.quicktheories.generators.SourceDSL;

/** The module's own small JSON: strings survive a round trip, HTML never escapes, odd bodies are refused. */
class JsonTest {

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void any_string_round_trips_through_writer_and_reader() {
        QuickTheory.qt().withExamples(500).forAll(SourceDSL.strings().allPossible().ofLengthBetween(0, 40)).checkAssert(s -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("note", s);
            assertThat(Json.readObject(Json.bytes(m))).containsEntry("note", s);
        });
    }

    @Test
    void written_json_can_not_close_a_script_tag_or_open_a_comment() {
        String w = Json.write(Map.of("x", "</script><!-- & \u2028"));
        assertThat(w).doesNotContain("<", ">", "&", "\u2028");
    }

    @Test
    void values_and_nesting_are_written() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", List.of(1, true, "s"));
        m.put("b", null);
        m.put("c", Map.of("d", 2L));
        assertThat(Json.write(m)).isEqualTo("{\"a\":[1,true,\"s\"],\"b\":null,\"c\":{\"d\":2}}");
    }

    @Test
    void the_reader_accepts_only_one_flat_object() {
        assertThat(Json.readObject(utf8(""))).isEmpty();
        assertThat(Json.readObject(utf8(" {\"a\": \"x\", \"b\": 1.5, \"c\": false, \"d\": null} "))).containsEntry("a", "x")
                .containsEntry("b", 1.5).containsEntry("c", false).containsEntry("d", null);
        for (String bad : List.of("[]", "{\"a\": {}}", "{\"a\": [1]}", "{\"a\": 1,}", "{\"a\": 1} x", "{\"a\": 1, \"a\": 2}",
                "{a: 1}", "{\"a\": \"\\q\"}", "{\"a\": \"unterminated")) {
            assertThatThrownBy(() -> Json.readObject(utf8(bad))).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        byte[] huge = new byte[Json.MAX_REQUEST_BYTES + 1];
        Arrays.fill(huge, (byte) ' ');
        assertThatThrownBy(() -> Json.readObject(huge)).hasMessageContaining("larger than");
    }

    @Test
    void a_member_may_be_an_array_of_strings_and_nothing_deeper() {
        assertThat(Json.readObject(utf8("{\"collections\": [\"invoices\", \"a\\u0000b\"], \"e\": []}")))
                .containsEntry("collections", List.of("invoices", "a\u0000b")).containsEntry("e", List.of());
        for (String bad : List.of("{\"a\": [\"x\",]}", "{\"a\": [\"x\", 1]}", "{\"a\": [[\"x\"]]}", "{\"a\": [null]}",
                "{\"a\": [\"x\"", "{\"a\": [{}]}")) {
            assertThatThrownBy(() -> Json.readObject(utf8(bad))).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
