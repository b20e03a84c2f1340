package com.daaisuite.backup.benchmarks.e2e;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.ServerVersion;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The MongoDB wire-protocol server of the harness, run as a child JVM so that the server's heap and
 * CPU are not the library's: mongo-java-server's MemoryBackend reporting MongoDB 5.0 (the driver
 * needs wire version 8), bound to a free port on 127.0.0.1. Prints {@code LISTENING <port>} and
 * runs until its standard input ends, so it dies with the harness even when the harness is killed.
 * A line {@code gc} on standard input is answered with {@code HEAP <bytes used after a full GC>}.
 */
public final class MongoServerMain {
    private MongoServerMain() {}

    /** @param args ignored */
    public static void main(String[] args) throws IOException {
        MongoServer server = new MongoServer(new MemoryBackend().version(ServerVersion.MONGO_5_0));
        server.bind("127.0.0.1", 0);
        InetSocketAddress at = server.getLocalAddress();
        System.out.println("LISTENING " + at.getPort());
        System.out.flush();
        java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
                java.nio.charset.StandardCharsets.US_ASCII));
        try {
            // "gc" asks for the live heap (after a full GC), so the harness can report the server's memory per MB of data.
            for (String line; (line = in.readLine()) != null; ) {
                if (line.trim().equals("gc")) {
                    System.gc();
                    Runtime rt = Runtime.getRuntime();
                    System.out.println("HEAP " + (rt.totalMemory() - rt.freeMemory()));
                    System.out.flush();
                }
            }
        } finally {
            server.shutdownNow();
        }
        System.exit(0);
    }
}
