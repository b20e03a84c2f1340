package com.daaisuite.backup.mongo.internal.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.Test;

class ArchiveWriterTest {
    private static final byte[] D1 = Archives.bson(BsonDocument.parse("{_id: 1}"));
    private static final List<CollectionMetadata> PRELUDE = List.of(
            new CollectionMetadata("tenant_acme", "audit_log", "", "collection"),
            new CollectionMetadata("tenant_acme", "leads", "{\"indexes\":[]}", "collection"));

    @Test
    void headerIsByteForByteWhatMongodumpWrites() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ArchiveWriter(out, ArchiveHeader.of("5.0.0", "100.11.0"), List.of()).finish();
        byte[] fixture = Archives.gunzip(Archives.resource("tenant_acme.archive.gz"));
        // magic + the 103-byte header of section 2, then (empty prelude) the terminator
        assertThat(out.toByteArray()).hasSize(4 + 103 + 4);
        assertThat(Arrays.copyOf(out.toByteArray(), 107)).isEqualTo(Arrays.copyOf(fixture, 107));
        assertThat(HexFormat.of().formatHex(out.toByteArray(), 0, 8)).isEqualTo("6de2998167000000");
        assertThat(HexFormat.of().formatHex(out.toByteArray(), 107, 111)).isEqualTo("ffffffff");
    }

    @Test
    void anEmptyNamespaceGetsAnEmptyDataSegmentThenItsEofBlockWithCrcZero() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ArchiveWriter w = new ArchiveWriter(out, ArchiveHeader.of("7.0.12", "t"), PRELUDE);
        long before = w.bytesWritten();
        w.endNamespace("tenant_acme", "audit_log");
        w.endNamespace("tenant_acme", "leads");
        w.finish();
        byte[] all = out.toByteArray();
        String eofHeader = "46000000" + "02" + hex("db") + "00" + "0c000000" + hex("tenant_acme") + "00"
                + "02" + hex("collection") + "00" + "0a000000" + hex("audit_log") + "00"
                + "08" + hex("EOF") + "00" + "01" + "12" + hex("CRC") + "00" + "0000000000000000" + "00";
        String dataHeader = eofHeader.replace("08" + hex("EOF") + "00" + "01", "08" + hex("EOF") + "00" + "00");
        String body = HexFormat.of().formatHex(all, (int) before, (int) before + 2 * 70 + 8);
        assertThat(body).isEqualTo(dataHeader + "ffffffff" + eofHeader + "ffffffff");
        assertThat(w.bytesWritten()).isEqualTo(all.length);
        assertThat(Archives.readAll(all).blocks()).containsExactly("tenant_acme.audit_log", "tenant_acme.audit_log EOF",
                "tenant_acme.leads", "tenant_acme.leads EOF");
    }

    @Test
    void aNewNamespaceHeaderIsWrittenOnlyWhenTheNamespaceChanges() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ArchiveWriter w = new ArchiveWriter(out, ArchiveHeader.of("7.0.12", "t"), PRELUDE)) {
            w.writeDocument("tenant_acme", "leads", D1, 0, D1.length);
            w.writeDocument("tenant_acme", "leads", RawBsonDocument.parse("{_id: 2}"));
            w.writeDocument("tenant_acme", "audit_log", D1, 0, D1.length);
            w.writeDocument("tenant_acme", "leads", D1, 0, D1.length);
            w.endNamespace("tenant_acme", "audit_log");
            w.endNamespace("tenant_acme", "leads");
        }
        Archives.Read r = Archives.readAll(out.toByteArray());
        assertThat(r.blocks()).containsExactly("tenant_acme.leads", "tenant_acme.audit_log", "tenant_acme.leads",
                "tenant_acme.audit_log EOF", "tenant_acme.leads EOF");
        assertThat(r.end("tenant_acme", "leads").documents()).isEqualTo(3);
    }

    @Test
    void documentBytesFromAnOffsetAreWrittenExactly() throws IOException {
        byte[] padded = new byte[D1.length + 7];
        System.arraycopy(D1, 0, padded, 3, D1.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ArchiveWriter w = new ArchiveWriter(out, ArchiveHeader.of("7.0.12", "t"), PRELUDE.subList(1, 2))) {
            w.writeDocument("tenant_acme", "leads", padded, 3, D1.length);
            w.endNamespace("tenant_acme", "leads");
        }
        assertThat(Archives.readAll(out.toByteArray()).documents("tenant_acme", "leads").get(0).bson()).isEqualTo(D1);
    }

    @Test
    void refusesBytesThatAreNotOneBsonDocument() throws IOException {
        ArchiveWriter w = new ArchiveWriter(new ByteArrayOutputStream(), ArchiveHeader.of("7.0.12", "t"), PRELUDE);
        assertThatThrownBy(() -> w.writeDocument("tenant_acme", "leads", new byte[] {4, 0, 0, 0}, 0, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has 4 bytes");
        assertThatThrownBy(() -> w.writeDocument("tenant_acme", "leads", D1, 0, D1.length - 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not one BSON document");
        byte[] noZero = D1.clone();
        noZero[noZero.length - 1] = 1;
        assertThatThrownBy(() -> w.writeDocument("tenant_acme", "leads", noZero, 0, noZero.length))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("last byte 1");
        assertThatThrownBy(() -> w.writeDocument("tenant_acme", "leads", new byte[17 * 1024 * 1024], 0, 17 * 1024 * 1024))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5 to 16777216");
    }

    @Test
    void refusesUnknownNamespacesDocumentsAfterTheEndAndAnUnfinishedArchive() throws IOException {
        ArchiveWriter w = new ArchiveWriter(new ByteArrayOutputStream(), ArchiveHeader.of("7.0.12", "t"), PRELUDE);
        assertThatThrownBy(() -> w.writeDocument("tenant_acme", "other", D1, 0, D1.length))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not declared in the prelude");
        w.endNamespace("tenant_acme", "leads");
        assertThatThrownBy(() -> w.writeDocument("tenant_acme", "leads", D1, 0, D1.length))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already ended");
        assertThatThrownBy(w::finish).isInstanceOf(IllegalStateException.class).hasMessageContaining("tenant_acme.audit_log (never appears)");
    }

    @Test
    void refusesDuplicatePreludeNamespacesAndInvalidMetadata() {
        assertThatThrownBy(() -> new ArchiveWriter(new ByteArrayOutputStream(), ArchiveHeader.of("7", "t"),
                List.of(PRELUDE.get(0), PRELUDE.get(0)))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
        assertThatThrownBy(() -> new ArchiveWriter(new ByteArrayOutputStream(), ArchiveHeader.of("7", "t"),
                List.of(new CollectionMetadata("d", "c", "{oops", "collection")))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("d.c");
    }

    @Test
    void theUnderlyingStreamIsFlushedButNeverClosed() throws IOException {
        boolean[] closed = {false};
        ByteArrayOutputStream out = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        try (ArchiveWriter w = new ArchiveWriter(out, ArchiveHeader.of("7.0.12", "t"), PRELUDE.subList(1, 2))) {
            w.writeDocument("tenant_acme", "leads", D1, 0, D1.length);
            w.endNamespace("tenant_acme", "leads");
        }
        assertThat(closed[0]).isFalse();
        assertThat(Archives.readAll(out.toByteArray()).entries()).hasSize(2);
    }

    private static String hex(String s) {
        return HexFormat.of().formatHex(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
