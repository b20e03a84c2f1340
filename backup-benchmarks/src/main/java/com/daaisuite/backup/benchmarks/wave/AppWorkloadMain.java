package com.daaisuite.backup.benchmarks.wave;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The application workload in a JVM of its own ({@link ChildWorkload}): {@code <uri> <documents> <rate>
 * <maxSeconds> <seed> <database>...}. Prints {@code STARTED} once it issues operations, runs until a line
 * {@code stop} (or the end of its input), then prints {@code RESULT <issued> <errors> <n> <epoch ms of the start>} and n lines
 * {@code <due ns> <latency ns>}.
 */
public final class AppWorkloadMain {
    private AppWorkloadMain() {}

    /** @param args see the class description */
    public static void main(String[] args) throws Exception {
        String uri = args[0];
        int documents = Integer.parseInt(args[1]);
        int rate = Integer.parseInt(args[2]);
        int maxSeconds = Integer.parseInt(args[3]);
        long seed = Long.parseLong(args[4]);
        List<String> databases = Arrays.asList(args).subList(5, args.length);
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.US_ASCII);
        try (MongoClient client = MongoClients.create(uri)) {
            AppWorkload app = new AppWorkload(client, databases, documents, rate);
            // One warm-up read per database: the connection pool and the driver's code are ready before the window.
            Workload.Started warm = app.start(2, seed ^ 0x5DEECE66DL);
            Thread.sleep(2000);
            warm.stop();
            Workload.Started run = app.start(maxSeconds, seed);
            out.println("STARTED");
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
            for (String line; (line = in.readLine()) != null && !line.trim().equals("stop"); ) {
                // anything else is ignored
            }
            Latencies l = run.stop();
            out.println("RESULT " + l.issued() + " " + l.errors() + " " + l.samples().size() + " " + l.startEpochMillis());
            for (long[] s : l.samples()) {
                out.println(s[0] + " " + s[1]);
            }
            out.flush();
        }
    }
}
