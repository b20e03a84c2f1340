package com.daaisuite.backup.mongo;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.ServerVersion;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * mongo-java-server in its own process, for throughput and memory runs where the server must not share
 * the client's heap: {@code java -Xmx6g -cp <test classpath> com.daaisuite.backup.mongo.MongoServerMain 27999}.
 */
public final class MongoServerMain {
    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(args[0]);
        MongoServer server = new MongoServer(new MemoryBackend().version(ServerVersion.MONGO_5_0));
        server.bind("127.0.0.1", port);
        System.out.println("listening on 127.0.0.1:" + port);
        Thread.currentThread().join();
    }

    private MongoServerMain() {}
}
