package com.daaisuite.backup.mongo.internal.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Real mongodump 100.11.0 archives (see fixtures/mongodump/README.md) read exactly as their descriptors say. */
class FixtureArchiveTest {

    private static final java.util.Map<String, byte[]> PLAIN = new java.util.concurrent.ConcurrentHashMap<>();
    private static final java.util.Map<String, Archives.Read> READ = new java.util.concurrent.ConcurrentHashMap<>();

    /** The gunzipped fixture, decompressed once per class. */
    private static byte[] plain(String name) {
        return PLAIN.computeIfAbsent(name, n -> Archives.gunzip(Archives.resource(n)));
    }

    private static Archives.Read read(String name) throws IOException {
        Archives.Read r = READ.get(name);
        if (r == null) {
            r = Archives.readAll(plain(name));
            READ.put(name, r);
        }
        return r;
    }

    @ParameterizedTest
    @ValueSource(strings = {"tenant_acme.archive.gz", "tenant_big.archive.gz"})
    void headerAndPreludeOrderAreTheDescriptors(String name) throws IOException {
        BsonDocument d = Archives.descriptor(name);
        Archives.Read r = read(name);
        BsonDocument h = d.getDocument("header");
        assertThat(r.header()).isEqualTo(new ArchiveHeader(h.getInt32("concurrent_collections").getValue(),
                h.getString("version").getValue(), h.getString("server_version").getValue(), h.getString("tool_version").getValue()));
        List<String> order = new ArrayList<>();
        for (BsonValue v : d.getArray("preludeOrder")) {
            order.add(v.asString().getValue());
        }
        assertThat(r.prelude()).extracting(CollectionMetadata::namespace).containsExactlyElementsOf(order);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tenant_acme.archive.gz", "tenant_big.archive.gz"})
    void everyCollectionHasTheDescriptorsCountBytesSegmentsCrcMetadataAndType(String name) throws IOException {
        BsonDocument d = Archives.descriptor(name);
        Archives.Read r = read(name);
        for (BsonValue v : d.getArray("collections")) {
            BsonDocument c = v.asDocument();
            String db = c.getString("db").getValue();
            String coll = c.getString("collection").getValue();
            ArchiveEntry.NamespaceEnd end = r.end(db, coll);
            assertThat(end.documents()).as(coll).isEqualTo(c.getNumber("count").longValue());
            assertThat(end.bytes()).as(coll).isEqualTo(c.getNumber("dataBytes").longValue());
            assertThat(end.crc()).as(coll).isEqualTo(c.getNumber("crc64").longValue());
            assertThat(r.documents(db, coll)).hasSize(c.getNumber("count").intValue());
            Crc64 crc = new Crc64();
            r.documents(db, coll).forEach(doc -> crc.update(doc.bson()));
            assertThat(crc.getValue()).as("CRC-64 of " + coll + " computed independently").isEqualTo(c.getNumber("crc64").longValue());
            assertThat(r.blocks()).as(coll + " data segments").filteredOn(b -> b.equals(db + "." + coll))
                    .hasSize(c.getNumber("dataSegments").intValue());
            CollectionMetadata m = r.prelude().stream().filter(p -> p.collection().equals(coll)).findFirst().orElseThrow();
            assertThat(m.metadataJson()).isEqualTo(c.getString("metadataJson").getValue());
            assertThat(m.type()).isEqualTo(c.getString("type").getValue());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tenant_acme.archive.gz", "tenant_big.archive.gz"})
    void bodyBlocksComeInTheDescriptorsOrderWithItsDocumentsAndBytes(String name) throws IOException {
        BsonDocument d = Archives.descriptor(name);
        Archives.Read r = read(name);
        List<String> expected = new ArrayList<>();
        for (BsonValue v : d.getArray("blocks")) {
            BsonDocument b = v.asDocument();
            expected.add(b.getString("ns").getValue() + (b.getBoolean("EOF").getValue() ? " EOF" : "")
                    + " docs=" + b.getNumber("docs").longValue() + " bytes=" + b.getNumber("bytes").longValue());
        }
        // Documents between two namespace headers belong to the first one's block.
        List<String> actual = new ArrayList<>();
        List<String> headers = r.blocks();
        ArchiveReader reader = new ArchiveReader(new java.io.ByteArrayInputStream(plain(name)),
                ArchiveLimits.defaults());
        List<long[]> perBlock = new ArrayList<>();
        reader.blockListener((offset, db, coll, eof) -> perBlock.add(new long[2]));
        for (ArchiveEntry e = reader.next(); e != null; e = reader.next()) {
            if (e instanceof ArchiveEntry.Document doc) {
                long[] cur = perBlock.get(perBlock.size() - 1);
                cur[0]++;
                cur[1] += doc.length();
            }
        }
        for (int i = 0; i < headers.size(); i++) {
            actual.add(headers.get(i) + " docs=" + perBlock.get(i)[0] + " bytes=" + perBlock.get(i)[1]);
        }
        assertThat(actual).containsExactlyElementsOf(expected);
    }

    @Test
    void theGzippedFixtureStreamsThroughGzipInputStreamWithoutBufferingThePayload() throws IOException {
        long documents = 0;
        try (java.io.InputStream in = new java.util.zip.GZIPInputStream(
                FixtureArchiveTest.class.getResourceAsStream(Archives.FIXTURES + "tenant_big.archive.gz"))) {
            ArchiveReader r = new ArchiveReader(in, ArchiveLimits.defaults(), "tenant_big.archive.gz");
            for (ArchiveEntry e = r.next(); e != null; e = r.next()) {
                if (e instanceof ArchiveEntry.Document) {
                    documents++;
                }
            }
            assertThat(r.bytesRead()).isEqualTo(plain("tenant_big.archive.gz").length);
        }
        assertThat(documents).isEqualTo(18_001);
    }

    @Test
    void bigFixtureHasDataSegmentsOver16MiBOfManyDocuments() throws IOException {
        Archives.Read r = read("tenant_big.archive.gz");
        assertThat(r.end("tenant_big", "events_a").bytes()).isGreaterThan(ArchiveLimits.MAX_BSON_BYTES);
        assertThat(r.blocks()).startsWith("tenant_big.small", "tenant_big.small EOF", "tenant_big.events_a", "tenant_big.events_b",
                "tenant_big.events_a", "tenant_big.events_b");
    }

    @Test
    void everyAcmeDocumentEqualsTheCanonicalExtendedJsonLinesAsBsonBytesInOrder() throws IOException {
        Archives.Read r = read("tenant_acme.archive.gz");
        for (String coll : List.of("employees", "invoices", "leads", "settings")) {
            String[] lines = new String(Archives.resource("tenant_acme.docs/tenant_acme." + coll + ".jsonl"), StandardCharsets.UTF_8)
                    .split("\n");
            List<ArchiveEntry.Document> docs = r.documents("tenant_acme", coll);
            assertThat(docs).as(coll).hasSize(lines.length);
            for (int i = 0; i < lines.length; i++) {
                byte[] expected = Archives.bson(RawBsonDocument.parse(lines[i]).decode(new org.bson.codecs.BsonDocumentCodec()));
                assertThat(docs.get(i).bson()).as("%s document %d", coll, i).isEqualTo(expected);
            }
        }
        assertThat(r.documents("tenant_acme", "audit_log")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"tenant_acme.archive.gz", "tenant_big.archive.gz"})
    void rewritingAFixtureFromTheReadersEntriesGivesTheSameArchiveByteForByte(String name) throws IOException {
        byte[] original = plain(name);
        Archives.Read r = read(name);
        byte[] rewritten = Archives.rewrite(r);
        // mongodump's layout is fully determined by the entry order, so the writer reproduces it exactly.
        assertThat(rewritten).isEqualTo(original);
        assertThat(r.bytesRead()).isEqualTo(original.length);
    }

    @Test
    void aRewrittenFixtureSurvivesGzipAndReadsBackToTheSameEntriesAndCrcs() throws IOException {
        Archives.Read r = read("tenant_acme.archive.gz");
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(Archives.rewrite(r));
        }
        Archives.Read again = Archives.readAll(Archives.gunzip(gz.toByteArray()));
        assertThat(again.header()).isEqualTo(r.header());
        assertThat(again.prelude()).isEqualTo(r.prelude());
        assertThat(Archives.comparable(again.entries())).isEqualTo(Archives.comparable(r.entries()));
    }
}
