package com.daaisuite.backup.benchmarks.wave;

import com.daaisuite.backup.benchmarks.e2e.HeapMonitor;
import com.daaisuite.backup.benchmarks.e2e.ServerProcess;
import com.daaisuite.backup.crypto.KeyProviders;
import com.daaisuite.backup.crypto.MasterKey;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The 01:00 wave benchmark: starts the MongoDB test server in its own JVM, loads the fleet and the
 * application's databases, then runs four scenarios — one node without and with the read budget,
 * then {@code --nodes} nodes sharing a {@code MongoBackupLock} and a storage, without and with it —
 * and prints a markdown table and writes a PNG of the application's latency during each wave.
 *
 * <p>Run it with {@code backup-benchmarks/run-wave.sh [options]}; {@code --help} lists the options.
 * Every "node" here is a {@code Backups} in this one JVM: on one machine they share its cores, so
 * the multi-node rows show that each tenant is backed up once and what the lock costs, not the
 * speed-up of real separate machines.
 */
public final class WaveHarness {
    private WaveHarness() {}

    /**
     * @param args see {@link WaveOptions#usage()}
     * @throws Exception on any failure (the benchmark then stops)
     */
    public static void main(String[] args) throws Exception {
        WaveOptions o = WaveOptions.parse(args);
        try (HeapMonitor heap = new HeapMonitor()) {
            run(o, heap);
        }
        System.exit(0);
    }

    private static void run(WaveOptions o, HeapMonitor heap) throws Exception {
        String loadBefore = WaveReport.loadAverage();
        // ZGC collects concurrently and needs room to do it in: 12x the fleet rather than 8x.
        long serverHeap = o.serverXmxMb > 0 ? o.serverXmxMb
                : Math.max(1024, (long) (o.expectedFleetMb() * (o.serverZgc ? 12 : 8)) + 1024);
        Files.createDirectories(o.work);
        Path serverLog = o.work.resolve("server.log");
        log("starting the MongoDB test server (-Xmx%dm); its log: %s", serverHeap, serverLog);
        List<String> serverJvm = new ArrayList<>(List.of("-Xmx" + serverHeap + "m", o.serverZgc ? "-XX:+UseZGC" : "-XX:+UseG1GC",
                "-Xlog:gc:file=" + o.work.resolve("server-gc.log") + ":time,uptime"));
        if (o.serverHugePages) {
            serverJvm.add("-XX:+UseTransparentHugePages");
        }
        // Diagnostics for the server alone (a flight recording, say), without a flag per tool.
        String extra = System.getenv().getOrDefault("WAVE_SERVER_JAVA_OPTS", "").strip();
        if (!extra.isEmpty()) {
            serverJvm.addAll(List.of(extra.split("\\s+")));
        }
        try (ServerProcess server = ServerProcess.start(serverJvm, serverHeap, serverLog);
                MongoClient appClient = client(server.uri())) {
            WaveFleet fleet = new WaveFleet(o);
            long t0 = System.nanoTime();
            long fleetBytes = fleet.load(appClient);
            List<String> appDbs = IntStream.range(0, o.appDatabases).mapToObj(i -> String.format(Locale.ROOT, "app_%02d", i)).toList();
            AppWorkload inHarness = new AppWorkload(appClient, appDbs, o.appDocuments, o.rate);
            inHarness.load(o.seed);
            // The application beside the nodes (an embedding host), or in its own JVM (the database's service alone).
            Workload app = o.appInChild ? new ChildWorkload(server.uri(), appDbs, o.appDocuments, o.rate,
                    o.work.resolve("app-gc.log")) : inHarness;
            log("loaded %d tenants, %.1f MB of BSON, and %d application databases in %.1f s", o.tenants, fleetBytes / 1e6,
                    o.appDatabases, (System.nanoTime() - t0) / 1e9);

            WaveRun wave = new WaveRun(o, fleet, KeyProviders.of(MasterKey.generate(new SecureRandom())), app, heap,
                    () -> client(server.uri()));
            log("warming up: one unmeasured backup of the first tenants");
            wave.warmUp(fresh(o, "warm-up"));
            List<WaveRun.Result> results = new ArrayList<>();
            String budget = String.format(Locale.ROOT, "%.1f MB/s", o.budget / 1e6);
            results.add(wave.run("1 node, no budget", 1, 0, fresh(o, "one-unbudgeted")));
            results.add(wave.run("1 node, budget " + budget, 1, o.budget, fresh(o, "one-budgeted")));
            if (o.nodes > 1) {
                results.add(wave.run(o.nodes + " nodes, no budget", o.nodes, 0, fresh(o, "many-unbudgeted")));
                results.add(wave.run(o.nodes + " nodes, budget " + budget + " each", o.nodes, o.budget, fresh(o, "many-budgeted")));
            }
            String md = WaveReport.markdown(o, fleetBytes, serverHeap, heap.maxHeapBytes() >> 20, loadBefore,
                    WaveReport.loadAverage(), results);
            System.out.println();
            System.out.println(md);
            Files.createDirectories(o.out.toAbsolutePath().getParent());
            Files.writeString(o.out, md);
            LatencyPlot.write(results, String.format(Locale.ROOT, "%d tenants of %.1f-%.1f MB, %d app ops/s, %d cores; %s",
                    o.tenants, o.minMb, o.maxMb, o.rate, Runtime.getRuntime().availableProcessors(),
                    Instant.now().truncatedTo(ChronoUnit.MINUTES)), o.plot);
            log("wrote %s and %s", o.out, o.plot);
        } finally {
            deleteTree(o.work.resolve("storage"));
        }
    }

    /** A clean storage root per scenario, so that every tenant is due again at 01:00. */
    private static Path fresh(WaveOptions o, String name) throws IOException {
        Path p = o.work.resolve("storage").resolve(name);
        deleteTree(p);
        return p;
    }

    private static MongoClient client(String uri) {
        return MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(uri))
                // The server's GC pauses on a loaded machine must not make the driver's monitor give up on it.
                .applyToSocketSettings(b -> b.connectTimeout(120, TimeUnit.SECONDS))
                .applyToClusterSettings(b -> b.serverSelectionTimeout(120, TimeUnit.SECONDS))
                .build());
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        }
    }

    static void log(String format, Object... args) {
        System.err.printf(Locale.ROOT, "[wave %tT] %s%n", System.currentTimeMillis(), String.format(Locale.ROOT, format, args));
    }
}
