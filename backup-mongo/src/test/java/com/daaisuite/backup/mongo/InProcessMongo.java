package com.daaisuite.backup.mongo;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.ServerVersion;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;

/** mongo-java-server 1.47.0 (MemoryBackend, reporting MongoDB 5.0) on a loopback port, for one test class. */
final class InProcessMongo implements AutoCloseable {
    private final MongoServer server;
    private final InetSocketAddress address;

    InProcessMongo() {
        server = new MongoServer(new MemoryBackend().version(ServerVersion.MONGO_5_0));
        address = server.bind();
    }

    String host() {
        return address.getHostString();
    }

    int port() {
        return address.getPort();
    }

    String uri() {
        return "mongodb://" + host() + ":" + port();
    }

    @Override
    public void close() {
        server.shutdownNow();
    }
}
