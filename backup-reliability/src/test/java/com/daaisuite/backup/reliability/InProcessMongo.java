package com.daaisuite.backup.reliability;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.ServerVersion;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;

/**
 * mongo-java-server 1.47.0 (MemoryBackend, reporting MongoDB 5.0) on a loopback port. It can be
 * stopped, dropping every connection like a crashed or unreachable server, and started again on the
 * same port with the same data.
 */
final class InProcessMongo implements AutoCloseable {
    private final de.bwaldvogel.mongo.MongoBackend backend = new MemoryBackend().version(ServerVersion.MONGO_5_0);
    private MongoServer server;
    private final int port;

    InProcessMongo() {
        server = new MongoServer(backend);
        InetSocketAddress a = server.bind();
        port = a.getPort();
    }

    int port() {
        return port;
    }

    String uri() {
        return "mongodb://127.0.0.1:" + port;
    }

    /**
     * Drops every connection and stops listening; the data stays in the backend ({@code shutdown()}
     * would clear it, so the private {@code closeClients()} is called instead).
     */
    synchronized void stop() {
        server.stopListening();
        try {
            java.lang.reflect.Method close = MongoServer.class.getDeclaredMethod("closeClients");
            close.setAccessible(true);
            close.invoke(server);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("mongo-java-server changed: cannot drop its connections", e);
        }
    }

    /** Listens again on the same port, with the same data. */
    synchronized void restart() throws InterruptedException {
        RuntimeException last = null;
        for (int i = 0; i < 50; i++) {
            try {
                server = new MongoServer(backend);
                server.bind("127.0.0.1", port);
                return;
            } catch (RuntimeException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        throw last;
    }

    @Override
    public synchronized void close() {
        server.shutdownNow();
    }
}
