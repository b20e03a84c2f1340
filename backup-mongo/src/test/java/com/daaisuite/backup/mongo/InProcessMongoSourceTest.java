package com.daaisuite.backup.mongo;

import org.junit.jupiter.api.AfterAll;

/** {@link AbstractMongoSourceTest} against mongo-java-server 1.47.0 (standalone, MongoDB 5.0 dialect) over TCP. */
class InProcessMongoSourceTest extends AbstractMongoSourceTest {

    private final InProcessMongo server = new InProcessMongo();

    @Override
    protected String hostAndPort() {
        return server.host() + ":" + server.port();
    }

    @Override
    protected boolean realMongo() {
        return false;
    }

    @AfterAll
    void stopServer() {
        server.close();
    }
}
