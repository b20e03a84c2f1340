package com.daaisuite.backup.mongo.internal.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.daaisuite.backup.core.PayloadCorruptException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A {@code mongodump --out} folder packed as .tar(.gz), built here from the tenant_acme fixture's content. */
class DumpFolderReaderTest {
    private static Archives.Read acme;

    @TempDir
    Path spool;

    @BeforeAll
    static void readFixture() throws IOException {
        acme = Archives.readAll(Archives.gunzip(Archives.resource("tenant_acme.archive.gz")));
    }

    /** A tar writer; entries in the order added. */
    private static final class Tar {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final TarArchiveOutputStream tar;
        private final OutputStream sink;

        Tar(boolean gzip) throws IOException {
            sink = gzip ? new GZIPOutputStream(bytes) : bytes;
            tar = new TarArchiveOutputStream(sink);
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        }

        Tar dir(String name) throws IOException {
            tar.putArchiveEntry(new TarArchiveEntry(name.endsWith("/") ? name : name + "/"));
            tar.closeArchiveEntry();
            return this;
        }

        Tar file(String name, byte[] content) throws IOException {
            TarArchiveEntry e = new TarArchiveEntry(name);
            e.setSize(content.length);
            tar.putArchiveEntry(e);
            tar.write(content);
            tar.closeArchiveEntry();
            return this;
        }

        Tar file(String name, String content) throws IOException {
            return file(name, content.getBytes(StandardCharsets.UTF_8));
        }

        byte[] done() throws IOException {
            tar.finish();
            sink.close();
            return bytes.toByteArray();
        }
    }

    private static byte[] concat(List<ArchiveEntry.Document> docs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        docs.forEach(d -> out.writeBytes(d.bson()));
        return out.toByteArray();
    }

    private static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(b);
        }
        return out.toByteArray();
    }

    /** The acme dump as mongodump --out lays it out, .bson before .metadata.json as tar usually stores it. */
    private static byte[] acmeTar(boolean gzip) throws IOException {
        Tar t = new Tar(gzip).dir("dump").dir("dump/tenant_acme");
        for (CollectionMetadata m : acme.prelude()) {
            byte[] data = concat(acme.documents(m.db(), m.collection()));
            if (m.collection().equals("settings")) { // the --gzip form for one collection
                t.file("dump/tenant_acme/settings.bson.gz", gzip(data));
                t.file("dump/tenant_acme/settings.metadata.json.gz", gzip(m.metadataJson().getBytes(StandardCharsets.UTF_8)));
            } else {
                t.file("dump/tenant_acme/" + m.collection() + ".bson", data);
                t.file("./dump/tenant_acme/" + m.collection() + ".metadata.json", m.metadataJson());
            }
        }
        t.file("dump/prelude.json", "{\"ServerVersion\":\"5.0.0\"}");
        t.file("dump/oplog.bson", Archives.bson(BsonDocument.parse("{ts: {$timestamp: {t: 1, i: 1}}}")));
        return t.done();
    }

    private static List<ArchiveEntry> readAll(DumpFolderReader r) throws IOException {
        List<ArchiveEntry> out = new ArrayList<>();
        for (ArchiveEntry e = r.next(); e != null; e = r.next()) {
            out.add(e);
        }
        return out;
    }

    @Test
    void aGzippedTarOfTheAcmeDumpYieldsTheSameDocumentsMetadataAndCrcsAsTheArchive() throws IOException {
        BsonDocument descriptor = Archives.descriptor("tenant_acme.archive.gz");
        try (DumpFolderReader r = new DumpFolderReader(new ByteArrayInputStream(acmeTar(true)), ArchiveLimits.defaults(), spool, "acme tar")) {
            assertThat(r.prelude()).extracting(CollectionMetadata::collection)
                    .containsExactly("audit_log", "employees", "invoices", "leads", "settings");
            List<ArchiveEntry> entries = readAll(r);
            for (BsonValue v : descriptor.getArray("collections")) {
                BsonDocument c = v.asDocument();
                String coll = c.getString("collection").getValue();
                CollectionMetadata m = r.prelude().stream().filter(p -> p.collection().equals(coll)).findFirst().orElseThrow();
                assertThat(m).isEqualTo(new CollectionMetadata("tenant_acme", coll, c.getString("metadataJson").getValue(), "collection"));
                List<ArchiveEntry> mine = entries.stream().filter(e -> e.collection().equals(coll)).toList();
                assertThat(Archives.comparable(mine.subList(0, mine.size() - 1)))
                        .isEqualTo(Archives.comparable(new ArrayList<>(acme.documents("tenant_acme", coll))));
                assertThat(mine.get(mine.size() - 1)).isEqualTo(new ArchiveEntry.NamespaceEnd("tenant_acme", coll,
                        c.getNumber("count").longValue(), c.getNumber("dataBytes").longValue(), c.getNumber("crc64").longValue()));
            }
            assertThat(entries).hasSize(552 + 5);
        }
        assertThat(spool).isEmptyDirectory();
    }

    @Test
    void aPlainTarWithMetadataFirstReadsTheSame() throws IOException {
        Tar t = new Tar(false);
        for (CollectionMetadata m : acme.prelude()) {
            t.file("tenant_acme/" + m.collection() + ".metadata.json", m.metadataJson());
        }
        for (CollectionMetadata m : acme.prelude()) {
            t.file("tenant_acme/" + m.collection() + ".bson", concat(acme.documents(m.db(), m.collection())));
        }
        List<ArchiveEntry> fromPlain;
        try (DumpFolderReader r = new DumpFolderReader(new ByteArrayInputStream(t.done()), ArchiveLimits.defaults())) {
            fromPlain = readAll(r);
        }
        List<ArchiveEntry> fromGz;
        try (DumpFolderReader r = new DumpFolderReader(new ByteArrayInputStream(acmeTar(true)), ArchiveLimits.defaults())) {
            fromGz = readAll(r);
        }
        assertThat(Archives.comparable(fromPlain)).isEqualTo(Archives.comparable(fromGz));
    }

    @Test
    void bsonWithoutMetadataViewsTimeseriesAndEscapedNamesAreUnderstood() throws IOException {
        byte[] d1 = Archives.bson(BsonDocument.parse("{_id: 1}"));
        byte[] t = new Tar(true)
                .file("db/bare.bson", d1)
                .file("db/v.metadata.json", "{\"options\":{\"viewOn\":\"bare\",\"pipeline\":[]},\"indexes\":[]}")
                .file("db/system.buckets.ts.bson", d1)
                .file("db/ts.metadata.json", "{\"options\":{\"timeseries\":{\"timeField\":\"t\"}},\"indexes\":[]}")
                .file("db/a%2Fb%25c.bson", d1)
                .done();
        try (DumpFolderReader r = new DumpFolderReader(new ByteArrayInputStream(t), ArchiveLimits.defaults(), spool, "t")) {
            assertThat(r.prelude()).containsExactly(
                    new CollectionMetadata("db", "a/b%c", "", "collection"),
                    new CollectionMetadata("db", "bare", "", "collection"),
                    new CollectionMetadata("db", "ts", "{\"options\":{\"timeseries\":{\"timeField\":\"t\"}},\"indexes\":[]}", "timeseries"),
                    new CollectionMetadata("db", "v", "{\"options\":{\"viewOn\":\"bare\",\"pipeline\":[]},\"indexes\":[]}", "view"));
            List<ArchiveEntry> entries = readAll(r);
            assertThat(entries).filteredOn(e -> e instanceof ArchiveEntry.NamespaceEnd).extracting(ArchiveEntry::namespace)
                    .containsExactly("db.a/b%c", "db.bare", "db.system.buckets.ts", "db.v");
            assertThat(entries).filteredOn(e -> e instanceof ArchiveEntry.NamespaceEnd)
                    .extracting(e -> ((ArchiveEntry.NamespaceEnd) e).documents()).containsExactly(1L, 1L, 1L, 0L);
        }
    }

    @Test
    void aTruncatedOrMisframedBsonFileIsRefusedNamingTheEntry() throws IOException {
        byte[] d1 = Archives.bson(BsonDocument.parse("{_id: 1, s: 'x'}"));
        byte[] cut = Arrays.copyOf(d1, d1.length - 2);
        byte[] badLen = d1.clone();
        BsonLite.writeInt32(badLen, 0, 3);
        byte[] noZero = d1.clone();
        noZero[noZero.length - 1] = 9;
        for (byte[] content : List.of(cut, badLen, noZero, new byte[] {1, 2})) {
            byte[] t = new Tar(false).file("db/c.bson", concat(List.of(new ArchiveEntry.Document("db", "c", d1))))
                    .file("db/d.bson", content).done();
            try (DumpFolderReader r = new DumpFolderReader(new ByteArrayInputStream(t), ArchiveLimits.defaults(), spool, "folder")) {
                assertThat(r.next()).isInstanceOf(ArchiveEntry.Document.class);
                assertThat(r.next()).isInstanceOf(ArchiveEntry.NamespaceEnd.class);
                assertThatThrownBy(() -> readAll(r)).isExactlyInstanceOf(PayloadCorruptException.class)
                        .hasMessageContainingAll("folder entry db/d.bson is corrupt at byte offset 0", "(namespace db.d)");
            }
        }
    }

    @Test
    void invalidMetadataTooMuchMetadataOrNotATarAreRefusedUpFront() throws IOException {
        byte[] badJson = new Tar(false).file("db/c.metadata.json", "{\"indexes\":[").done();
        assertThatThrownBy(() -> new DumpFolderReader(new ByteArrayInputStream(badJson), ArchiveLimits.defaults(), spool, "f"))
                .isExactlyInstanceOf(PayloadCorruptException.class).hasMessageContainingAll("db/c.metadata.json", "(namespace db.c)");
        byte[] big = new Tar(false).file("db/c.metadata.json", "{\"indexes\":[]}").file("db/d.metadata.json", "{\"indexes\":[]}").done();
        assertThatThrownBy(() -> new DumpFolderReader(new ByteArrayInputStream(big), new ArchiveLimits(1 << 20, 10, 20), spool, "f"))
                .isExactlyInstanceOf(PayloadCorruptException.class).hasMessageContaining("metadata exceeds the limit of 20 bytes");
        assertThatThrownBy(() -> new DumpFolderReader(new ByteArrayInputStream(big), new ArchiveLimits(1 << 20, 1, 1 << 20), spool, "f"))
                .isExactlyInstanceOf(PayloadCorruptException.class).hasMessageContaining("more than 1 collections");
        byte[] truncatedTar = Arrays.copyOf(acmeTar(false), 5000);
        assertThatThrownBy(() -> new DumpFolderReader(new ByteArrayInputStream(truncatedTar), ArchiveLimits.defaults(), spool, "f"))
                .isExactlyInstanceOf(PayloadCorruptException.class);
        assertThat(spool).isEmptyDirectory();
    }

    @Test
    void theSpoolIsDeletedOnCloseEvenWhenNotReadToTheEnd() throws IOException {
        DumpFolderReader r = new DumpFolderReader(new ByteArrayInputStream(acmeTar(true)), ArchiveLimits.defaults(), spool, "acme");
        assertThat(Files.list(spool).count()).as("one spooled .bson per collection; oplog.bson dropped").isEqualTo(5);
        r.next();
        r.close();
        assertThat(spool).isEmptyDirectory();
    }
}
