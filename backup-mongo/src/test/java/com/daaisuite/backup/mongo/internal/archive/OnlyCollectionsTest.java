package com.daaisuite.backup.mongo.internal.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import com.daaisuite.backup.core.PayloadCorruptException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The header's mark of a dump of chosen collections ({@value ArchiveHeader#ONLY_COLLECTIONS}): it decides
 * whether a payload may replace a whole database, so it round-trips every name a server accepts and a
 * header whose mark is anything but a non-empty list of distinct names is a corrupt payload.
 */
class OnlyCollectionsTest {

    private static byte[] archiveWith(ArchiveHeader header) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ArchiveWriter w = new ArchiveWriter(out, header, List.of(new CollectionMetadata("db", "c", "{\"indexes\":[]}", "collection")));
        w.endNamespace("db", "c");
        w.finish();
        return out.toByteArray();
    }

    private static ArchiveReader read(byte[] archive) throws IOException {
        return new ArchiveReader(new ByteArrayInputStream(archive), ArchiveLimits.defaults());
    }

    @Test
    void anyListOfDistinctNamesRoundTripsThroughTheHeader() {
        // Names of any characters but NUL, quotes, backslashes and control characters included.
        qt().withExamples(300).withShrinkCycles(50)
                .forAll(lists().of(strings().betweenCodePoints(1, 0x2FFF).ofLengthBetween(1, 12)).ofSizeBetween(1, 6))
                .checkAssert(names -> {
                    List<String> distinct = names.stream().distinct().toList();
                    try (ArchiveReader r = read(archiveWith(new ArchiveHeader(4, "0.1", "7.0.0", "t", Optional.of(distinct))))) {
                        assertThat(r.onlyCollections()).contains(distinct);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    @Test
    void aWholeDatabaseArchiveHasNoMark() throws IOException {
        try (ArchiveReader r = read(archiveWith(ArchiveHeader.of("7.0.0", "t")))) {
            assertThat(r.onlyCollections()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[\"\"]", "[\"a\",\"a\"]", "[\"a\",]", "[\"a\"] x", "\"a\"", "[a]", "[\"a\\q\"]",
            "[\"\\u00zz\"]", "[\"\\u+123\"]", "[\"a", "", "[\"\\u0000\"]", "[1]"})
    void aMarkThatIsNotANonEmptyListOfDistinctNamesIsACorruptPayload(String mark) throws IOException {
        byte[] header = new BsonLite.Builder().int32("concurrent_collections", 4).string("version", "0.1")
                .string("server_version", "7.0.0").string("tool_version", "t").string(ArchiveHeader.ONLY_COLLECTIONS, mark).build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {0x6D, (byte) 0xE2, (byte) 0x99, (byte) 0x81});
        out.write(header);
        out.write(new byte[] {-1, -1, -1, -1});
        assertThatThrownBy(() -> read(out.toByteArray())).isInstanceOf(PayloadCorruptException.class)
                .hasMessageContaining(ArchiveHeader.ONLY_COLLECTIONS);
    }

    @Test
    void aMarkOfAnotherBsonTypeIsACorruptPayload() throws IOException {
        byte[] header = new BsonLite.Builder().int32("concurrent_collections", 4).int32(ArchiveHeader.ONLY_COLLECTIONS, 1).build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {0x6D, (byte) 0xE2, (byte) 0x99, (byte) 0x81});
        out.write(header);
        out.write(new byte[] {-1, -1, -1, -1});
        assertThatThrownBy(() -> read(out.toByteArray())).isInstanceOf(PayloadCorruptException.class);
    }
}
