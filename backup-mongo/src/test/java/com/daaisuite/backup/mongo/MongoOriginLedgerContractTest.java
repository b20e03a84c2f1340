package com.daaisuite.backup.mongo;

import com.daaisuite.backup.core.spi.OriginLedger;
import com.daaisuite.backup.testing.origin.OriginLedgerContract;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The shared {@link OriginLedgerContract} for {@link MongoOriginLedger} on mongo-java-server over TCP;
 * "another node" is a second client with its own ledger on the same collection (as a restarted host).
 */
class MongoOriginLedgerContractTest extends OriginLedgerContract {
    private static InProcessMongo server;
    private static MongoClient client;
    private static MongoClient otherNodeClient;

    @BeforeAll
    static void start() {
        server = new InProcessMongo();
        client = MongoClients.create(server.uri());
        otherNodeClient = MongoClients.create(server.uri());
    }

    @AfterAll
    static void stop() {
        client.close();
        otherNodeClient.close();
        server.close();
    }

    @Override
    protected OriginLedger createLedger() {
        return new MongoOriginLedger(client);
    }

    @Override
    protected OriginLedger anotherNode(OriginLedger first) {
        return new MongoOriginLedger(otherNodeClient);
    }
}
