package com.daaisuite.backup.mongo;

import com.daaisuite.backup.core.spi.BackupLock;
import com.daaisuite.backup.testing.lock.BackupLockContract;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.time.Clock;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The shared {@link BackupLockContract} for {@link MongoBackupLock} on mongo-java-server over TCP;
 * "another node" is a second client with its own lock instance on the same collection.
 */
class MongoBackupLockContractTest extends BackupLockContract {

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

    private static MongoCollection<Document> leases(MongoClient c) {
        return c.getDatabase("control").getCollection("backup_locks");
    }

    @Override
    protected BackupLock createLock(Clock clock) {
        return new MongoBackupLock(leases(client), clock);
    }

    @Override
    protected BackupLock anotherNode(BackupLock first, Clock clock) {
        return new MongoBackupLock(leases(otherNodeClient), clock);
    }
}
