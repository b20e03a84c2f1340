package com.daaisuite.backup.mongo;

import org.junit.jupiter.api.Tag;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * {@link AbstractMongoSourceTest} against a real MongoDB 8.0 single-node replica set in Docker: snapshot
 * reads, views, capped and validated collections, collations and every BSON type. Skipped where there
 * is no Docker.
 */
@Tag("docker")
@Testcontainers(disabledWithoutDocker = true)
class ContainersMongoSourceTest extends AbstractMongoSourceTest {

    @Container
    static final MongoDBContainer MONGO = new MongoDBContainer("mongo:8.0").withReplicaSet();

    @Override
    protected String hostAndPort() {
        return MONGO.getHost() + ":" + MONGO.getFirstMappedPort();
    }

    @Override
    protected boolean realMongo() {
        return true;
    }
}
