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
}
