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
import java.util.concurrent.atomic.AtomicBoolean;
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
    void aTruncatedOrMisframedBsonFileIsRefusedWhileSpoolingNamingTheEntry() throws IOException {
        byte[] d1 = Archives.bson(BsonDocument.parse("{_id: 1, s: 'x'}"));
        byte[] cut = Arrays.copyOf(d1, d1.length - 2);
        byte[] badLen = d1.clone();
        BsonLite.writeInt32(badLen, 0, 3);
        byte[] noZero = d1.clone();
        noZero[noZero.length - 1] = 9;
        for (byte[] content : List.of(cut, badLen, noZero, new byte[] {1, 2})) {
            byte[] t = new Tar(false).file("db/c.bson", concat(List.of(new ArchiveEntry.Document("db", "c", d1))))
                    .file("db/d.bson", content).done();
            assertThatThrownBy(() -> new DumpFolderReader(new ByteArrayInputStream(t), ArchiveLimits.defaults(), spool, "folder"))
                    .isExactlyInstanceOf(PayloadCorruptException.class)
                    .hasMessageContainingAll("folder entry db/d.bson is corrupt at byte offset 0", "(namespace db.d)");
            assertThat(spool).isEmptyDirectory();
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

    /**
     * The 3.7 KB legacy archive of issue 22: a gzipped tar of a {@code mongodump --out} folder whose
     * {@code c.bson.gz} inflates to 2 GiB of zeros (2,048 gzip members of 1 MiB of zeros each, so the
     * test never deflates 2 GiB). Zeros are no BSON (a document's length is at least 5), so the reader
     * refuses at the first length prefix, having written nothing to the temporary disk.
     */
    static byte[] twoGibOfZerosAttack() throws IOException {
        ByteArrayOutputStream member = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(member)) {
            gz.write(new byte[1 << 20]);
        }
        ByteArrayOutputStream bsonGz = new ByteArrayOutputStream();
        for (int i = 0; i < 2048; i++) {
            member.writeTo(bsonGz);
        }
        return new Tar(true).file("dump/db/c.metadata.json", "{\"indexes\":[]}").file("dump/db/c.bson.gz", bsonGz.toByteArray())
                .done();
    }

    @Test
    void aFewKilobytesOfLegacyArchiveInflatingToTwoGibOfZerosIsRefusedBeforeItFillsTheTemporaryDisk() throws Exception {
        byte[] attack = twoGibOfZerosAttack();
        assertThat(attack.length).as("the archive is a few KB").isLessThan(8 * 1024);
        long[] largestSpool = {0};
        AtomicBoolean done = new AtomicBoolean();
        Thread watcher = new Thread(() -> {
            while (!done.get()) {
                try (var files = Files.list(spool)) {
                    long sum = files.mapToLong(f -> f.toFile().length()).sum();
                    largestSpool[0] = Math.max(largestSpool[0], sum);
                } catch (IOException | java.io.UncheckedIOException ignored) {
                    // a file deleted while listed
                }
            }
        });
        watcher.start();
        try {
            assertThatThrownBy(() -> new DumpFolderReader(new ByteArrayInputStream(attack), ArchiveLimits.defaults(), spool,
                    "legacy archive")).isExactlyInstanceOf(PayloadCorruptException.class)
                    .hasMessageContainingAll("dump/db/c.bson.gz", "byte offset 0", "0 is not a BSON length");
        } finally {
            done.set(true);
            watcher.join();
        }
        assertThat(largestSpool[0]).as("bytes ever spooled").isLessThan(64 * 1024);
        assertThat(spool).isEmptyDirectory();
    }

    @Test
    void aSpoolPastItsLimitIsRefusedWhileWritingAndLeavesNothing() throws IOException {
        byte[] d1 = Archives.bson(BsonDocument.parse("{_id: 1, s: '" + "x".repeat(1000) + "'}"));
        ByteArrayOutputStream many = new ByteArrayOutputStream();
        for (int i = 0; i < 200; i++) {
            many.writeBytes(d1);
        }
        byte[] t = new Tar(true).file("db/c.bson", many.toByteArray()).file("db/d.bson", many.toByteArray()).done();
        ArchiveLimits small = ArchiveLimits.defaults().withMaxSpoolBytes(300_000);
        assertThatThrownBy(() -> new DumpFolderReader(new ByteArrayInputStream(t), small, spool, "folder"))
                .isInstanceOf(com.daaisuite.backup.core.SourceException.class)
                .hasMessageContainingAll("db/d.bson", "more than the 300000 bytes of temporary disk allowed", "deleted");
        assertThat(spool).isEmptyDirectory();
        try (DumpFolderReader r = new DumpFolderReader(new ByteArrayInputStream(t), small.withMaxSpoolBytes(500_000), spool, "f")) {
            assertThat(readAll(r)).hasSize(402);
        }
    }
}
