package com.daaisuite.backup.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.daaisuite.backup.core.spi.DumpSummary;
import com.daaisuite.backup.core.spi.ProgressListener;
import com.daaisuite.backup.core.spi.ReadBudget;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import com.mongodb.event.CommandSucceededEvent;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.types.Binary;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Under the node's read budget the dump paces the server, not only its own output: it asks for
 * batches no larger than the budget suggests, and pays for each batch before it asks for the next,
 * so that at any moment it has read at most what it paid for plus the one batch in flight. Real
 * driver against the in-process server; the budget's time is simulated (it advances by what is paid,
 * at the rate), and what the server sent is counted from the driver's command events.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DumpReadPacingTest {
    private static final long RATE = 1_000_000;
    private static final int BATCH = 64 * 1024;
    private static final String DB = "paced_db";

    private InProcessMongo server;
    private MongoClient client;
    private final Wire wire = new Wire();
    private long documentBytes;

    /** Counts the documents' bytes each find and getMore reply carried, and when the source asked. */
    private static final class Wire implements CommandListener {
        final List<Long> batches = new ArrayList<>();
        /** For every getMore sent: the bytes received before it, and the bytes paid before it. */
        final List<long[]> asks = new ArrayList<>();
        long received;
        volatile SimulatedBudget budget;

        @Override
        public synchronized void commandStarted(CommandStartedEvent e) {
            if (e.getCommandName().equals("getMore") && e.getDatabaseName().equals(DB) && budget != null) {
                asks.add(new long[] {received, budget.paid()});
            }
        }

        @Override
        public synchronized void commandSucceeded(CommandSucceededEvent e) {
            if (!e.getDatabaseName().equals(DB) || !(e.getCommandName().equals("find") || e.getCommandName().equals("getMore"))) {
                return;
            }
            BsonDocument cursor = e.getResponse().getDocument("cursor", new BsonDocument());
            BsonArray batch = cursor.containsKey("firstBatch") ? cursor.getArray("firstBatch") : cursor.getArray("nextBatch", new BsonArray());
            long bytes = 0;
            for (BsonValue doc : batch) {
                bytes += new RawBsonDocument(doc.asDocument(), new BsonDocumentCodec()).getByteBuffer().remaining();
            }
            batches.add(bytes);
            received += bytes;
        }

        synchronized void reset(SimulatedBudget b) {
            batches.clear();
            asks.clear();
            received = 0;
            budget = b;
        }
    }

    /** A burst-free bucket in simulated time: paying n bytes advances the clock by n / rate. */
    private static final class SimulatedBudget implements ReadBudget {
        private long paid;

        @Override
        public boolean limited() {
            return true;
        }

        @Override
        public int batchBytes() {
            return BATCH;
        }

        @Override
        public synchronized void acquire(long bytes) {
            paid += bytes;
        }

        synchronized long paid() {
            return paid;
        }

        synchronized double seconds() {
            return (double) paid / RATE;
        }
    }

    @BeforeAll
    void start() {
        server = new InProcessMongo();
        client = MongoClients.create(MongoClientSettings.builder().applyConnectionString(new ConnectionString(server.uri()))
                .addCommandListener(wire).build());
        MongoDatabase db = client.getDatabase(DB);
        byte[] filler = new byte[900];
        for (String c : List.of("invoices", "leads")) {
            List<Document> docs = new ArrayList<>();
            for (int i = 0; i < 1500; i++) {
                Arrays.fill(filler, (byte) i);
                docs.add(new Document("_id", i).append("n", "document " + i).append("blob", new Binary(filler)));
            }
            db.getCollection(c).insertMany(docs);
        }
        for (String c : List.of("invoices", "leads")) {
            for (RawBsonDocument d : db.getCollection(c, RawBsonDocument.class).find()) {
                documentBytes += d.getByteBuffer().remaining();
            }
        }
    }

    @AfterAll
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void aBudgetedDumpNeverReadsMoreThanTheBudgetTimesItsTimePlusOneBatch() throws Exception {
        SimulatedBudget budget = new SimulatedBudget();
        wire.reset(budget);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DumpSummary summary = MongoDatabaseSource.builder(client).build().dump(DB, out, ProgressListener.NONE, budget);

        assertThat(summary.documents()).isEqualTo(3000);
        long oneDocument = documentBytes / 3000 + 1;
        // Batches as the budget suggests (sized from the average document), not the source's 8 MiB default.
        assertThat(wire.batches).hasSizeGreaterThan(40).allSatisfy(b -> assertThat(b).isLessThanOrEqualTo(BATCH + oneDocument));
        // Every getMore is sent only once what was read before it is paid, less at most the batch in flight.
        assertThat(wire.asks).isNotEmpty().allSatisfy(a -> {
            long readBefore = a[0];
            double secondsPaid = (double) a[1] / RATE;
            assertThat((double) readBefore).isLessThanOrEqualTo(RATE * secondsPaid + BATCH + oneDocument);
        });
        // Every document byte is paid, once: the simulated dump took as long as the budget demands.
        assertThat(budget.paid()).isEqualTo(documentBytes);
        assertThat(budget.seconds()).isCloseTo((double) documentBytes / RATE, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void withoutABudgetTheDumpReadsInItsOwnLargeBatches() throws Exception {
        wire.reset(null);
        MongoDatabaseSource.builder(client).build().dump(DB, new ByteArrayOutputStream(), ProgressListener.NONE, ReadBudget.UNLIMITED);
        // 8 MiB batches: each collection (about 1.4 MB) comes in one reply.
        assertThat(wire.batches.stream().filter(b -> b > 0)).hasSize(2);
    }
}
