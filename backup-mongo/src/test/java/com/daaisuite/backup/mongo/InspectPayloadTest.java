package com.daaisuite.backup.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.daaisuite.backup.core.PayloadCorruptException;
import com.daaisuite.backup.core.spi.CollectionSummary;
import com.daaisuite.backup.core.spi.DumpSummary;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code inspectPayload}: what {@code verify} uses to prove a snapshot restorable without writing anything. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InspectPayloadTest {
    private InProcessMongo mongo;
    private MongoClient client;
    private MongoDatabaseSource source;

    @BeforeAll
    void start() {
        mongo = new InProcessMongo();
        client = MongoClients.create(mongo.uri());
        source = MongoDatabaseSource.builder(client).build();
    }

    @AfterAll
    void stop() {
        client.close();
        mongo.close();
    }

    private static byte[] fixture(String name) throws Exception {
        try (InputStream in = new GZIPInputStream(InspectPayloadTest.class.getResourceAsStream("/fixtures/mongodump/" + name))) {
            return in.readAllBytes();
        }
    }

    @Test
    void aRealMongodumpArchiveIsCountedPerCollectionWithoutCreatingAnyDatabase() throws Exception {
        DumpSummary s = source.inspectPayload(new ByteArrayInputStream(fixture("tenant_acme.archive.gz")));

        Map<String, Long> counts = s.collections().stream()
                .collect(Collectors.toMap(CollectionSummary::name, CollectionSummary::documents));
        assertThat(s.database()).isEqualTo("tenant_acme");
        assertThat(counts).containsExactlyInAnyOrderEntriesOf(
                Map.of("invoices", 240L, "employees", 120L, "leads", 180L, "settings", 12L, "audit_log", 0L));
        assertThat(s.documents()).isEqualTo(552);
        assertThat(client.listDatabaseNames().into(new java.util.ArrayList<>())).doesNotContain("tenant_acme");
    }

    @Test
    void aPayloadWithOneFlippedByteInTheLastDocumentIsRefusedAsCorrupt() throws Exception {
        byte[] payload = fixture("tenant_acme.archive.gz");
        // The body ends with the last EOF block (70+ bytes) and a terminator; go well inside the data.
        payload[payload.length - 400] ^= 0x01;

        assertThatThrownBy(() -> source.inspectPayload(new ByteArrayInputStream(payload)))
                .isInstanceOf(PayloadCorruptException.class);
    }

    @Test
    void aTruncatedPayloadIsRefusedAsCorrupt() throws Exception {
        byte[] payload = fixture("tenant_acme.archive.gz");
        byte[] cut = java.util.Arrays.copyOf(payload, payload.length - 3);

        assertThatThrownBy(() -> source.inspectPayload(new ByteArrayInputStream(cut)))
                .isInstanceOf(PayloadCorruptException.class);
    }

    @Test
    void verifyRefusesATarWhoseBsonInflatesToTwoGibOfZerosWithoutSpoolingIt() throws Exception {
        // What core hands verify for the 3.7 KB legacy .gz of issue 22 (its outer gzip already inflated):
        // a tar of a mongodump --out folder whose c.bson.gz is 2,048 gzip members of 1 MiB of zeros.
        java.io.ByteArrayOutputStream member = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(member)) {
            gz.write(new byte[1 << 20]);
        }
        java.io.ByteArrayOutputStream bsonGz = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < 2048; i++) {
            member.writeTo(bsonGz);
        }
        java.io.ByteArrayOutputStream tar = new java.io.ByteArrayOutputStream();
        try (org.apache.commons.compress.archivers.tar.TarArchiveOutputStream t =
                new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(tar)) {
            org.apache.commons.compress.archivers.tar.TarArchiveEntry e =
                    new org.apache.commons.compress.archivers.tar.TarArchiveEntry("dump/db/c.bson.gz");
            e.setSize(bsonGz.size());
            t.putArchiveEntry(e);
            bsonGz.writeTo(t);
            t.closeArchiveEntry();
        }
        long t0 = System.nanoTime();

        assertThatThrownBy(() -> source.inspectPayload(new ByteArrayInputStream(tar.toByteArray())))
                .isInstanceOf(PayloadCorruptException.class).hasMessageContaining("0 is not a BSON length");
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - t0)).as("refused at once, not after inflating 2 GiB")
                .isLessThan(java.time.Duration.ofSeconds(10));
    }
}
