package com.daaisuite.backup.benchmarks.e2e;

import com.daaisuite.backup.core.Actor;
import com.daaisuite.backup.core.BackupTrigger;
import com.daaisuite.backup.core.Backups;
import com.daaisuite.backup.core.DrillResult;
import com.daaisuite.backup.core.RestoreRequest;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.spi.TenantDirectory;
import com.daaisuite.backup.crypto.KeyProviders;
import com.daaisuite.backup.crypto.MasterKey;
import com.daaisuite.backup.mongo.MongoDatabaseSource;
import com.daaisuite.backup.storage.fs.FileSystemStorageBackend;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Issue 26's number: what a restore drill costs next to a restore of the same snapshot. A synthetic
 * tenant of {@code --size-mb} is loaded into the test server (a child JVM), backed up once, then, run
 * after run and alternating, restored into a fresh database (the restore's whole load, without the
 * safety backup a restore over live data adds; the database is dropped after each run) and drilled
 * (the same proof and load into the scratch database, then the counts, digests and indexes read back,
 * then the drop), and restored as users run it (over the live database, safety backup included). Wall time,
 * this JVM's CPU time and the server process's CPU time of each; the ratios are the drill's over each restore's.
 *
 * <pre>
 * java -Xmx256m -cp backup-benchmarks/target/benchmarks.jar com.daaisuite.backup.benchmarks.e2e.DrillBenchmark \
 *     --size-mb 80 --runs 3 --work /tmp/drill-bench
 * </pre>
 */
public final class DrillBenchmark {
    private static final Actor ACTOR = Actor.user("benchmark");
    private static final Tenant TENANT = Tenant.builder("acme").workspaceName("Acme Traders").databaseName("tenant_acme").build();
    private static final String RESTORED = "tenant_acme_restored";

    private DrillBenchmark() {}

    /** @param args --size-mb N --runs N --work DIR [--read-back N: first time the drill's read-back alone, N rounds] */
    public static void main(String[] args) throws Exception {
        long size = 80;
        int runs = 3;
        Path work = Path.of("/tmp/drill-bench");
        int readBack = 0;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--size-mb" -> size = Long.parseLong(args[i + 1]);
                case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                case "--work" -> work = Path.of(args[i + 1]);
                case "--read-back" -> readBack = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        run(size, runs, work, readBack);
        System.exit(0);
    }

    private static void run(long sizeMb, int runs, Path dir, int readBack) throws Exception {
        Files.createDirectories(dir);
        long serverHeap = Math.max(1536, sizeMb * 8 + 1024);
        try (ServerProcess server = ServerProcess.start(serverHeap, dir.resolve("server.log"));
                MongoClient client = MongoClients.create(MongoClientSettings.builder()
                        .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + server.port()))
                        .applyToSocketSettings(b -> b.connectTimeout(300, TimeUnit.SECONDS))
                        .applyToClusterSettings(b -> b.serverSelectionTimeout(300, TimeUnit.SECONDS)).build())) {
            try (BulkLoader l = new BulkLoader(client.getDatabase(TENANT.databaseName()), 2, 1000, 8 << 20)) {
                SyntheticTenant.generate(42, sizeMb * 1_000_000L, (k, d) -> l.add(k.collection(), d));
                l.finish();
                System.out.printf(Locale.ROOT, "loaded %d documents, %.1f MB of BSON, %d cores%n", l.documents(), l.bytes() / 1e6,
                        Runtime.getRuntime().availableProcessors());
            }
            if (readBack > 0) {
                readBack(client, server, readBack);
            }
            Path storage = dir.resolve("storage-" + System.nanoTime());
            Files.createDirectories(storage);
            try (Backups b = Backups.builder().source(MongoDatabaseSource.builder(client).build())
                    .storage(FileSystemStorageBackend.at(storage)).keys(KeyProviders.of(MasterKey.generate(new SecureRandom())))
                    .tenants(TenantDirectory.of(List.of(TENANT))).access((a, p, t) -> true).nodeName("bench")
                    .drillEvery(Duration.ZERO).build()) {
                String file = b.backup(ACTOR, TENANT.id(), BackupTrigger.MANUAL).snapshot().fileName();
                double[] wall = new double[3];
                double[] cpu = new double[3];
                double[] serverCpu = new double[3];
                String[] what = {"restore (fresh db)", "drill", "restore (over live, safety backup)"};
                for (int r = 1; r <= runs; r++) {
                    double[] w = new double[3];
                    double[] c = new double[3];
                    double[] sc = new double[3];
                    for (int k = 0; k < 3; k++) {
                        long c0 = cpu();
                        long s0 = serverCpu(server);
                        long t0 = System.nanoTime();
                        if (k == 0) {
                            b.restores().restore(ACTOR, new RestoreRequest(TENANT.id(), file, RESTORED).intoDatabase(RESTORED));
                            client.getDatabase(RESTORED).drop();
                        } else if (k == 1) {
                            DrillResult d = b.drills().drill(ACTOR, TENANT.id(), file);
                            if (!d.passed()) {
                                throw new IllegalStateException("the drill failed: " + d.reason().orElse(""));
                            }
                        } else {
                            b.restores().restore(ACTOR, new RestoreRequest(TENANT.id(), file, TENANT.workspaceName()));
                        }
                        w[k] = (System.nanoTime() - t0) / 1e9;
                        c[k] = (cpu() - c0) / 1e9;
                        sc[k] = (serverCpu(server) - s0) / 1e9;
                        wall[k] += w[k];
                        cpu[k] += c[k];
                        serverCpu[k] += sc[k];
                    }
                    System.out.printf(Locale.ROOT, "run %d (%d MB):%n", r, sizeMb);
                    for (int k = 0; k < 3; k++) {
                        System.out.printf(Locale.ROOT, "  %-36s %.2f s wall, %.2f CPU-s here, %.2f CPU-s server%n", what[k], w[k],
                                c[k], sc[k]);
                    }
                    System.out.printf(Locale.ROOT, "  drill / fresh restore %.2fx wall, %.2fx CPU (both JVMs); drill / restore over"
                            + " live %.2fx wall, %.2fx CPU%n", w[1] / w[0], (c[1] + sc[1]) / (c[0] + sc[0]), w[1] / w[2],
                            (c[1] + sc[1]) / (c[2] + sc[2]));
                }
                System.out.printf(Locale.ROOT, "mean of %d runs (%d MB):%n", runs, sizeMb);
                for (int k = 0; k < 3; k++) {
                    System.out.printf(Locale.ROOT, "  %-36s %.2f s wall, %.2f CPU-s here, %.2f CPU-s server%n", what[k],
                            wall[k] / runs, cpu[k] / runs, serverCpu[k] / runs);
                }
                System.out.printf(Locale.ROOT, "  drill / fresh restore %.2fx wall, %.2fx CPU (both JVMs); drill / restore over live"
                        + " %.2fx wall, %.2fx CPU%n", wall[1] / wall[0], (cpu[1] + serverCpu[1]) / (cpu[0] + serverCpu[0]),
                        wall[1] / wall[2], (cpu[1] + serverCpu[1]) / (cpu[2] + serverCpu[2]));
            }
        }
    }

    /**
     * The drill's read-back alone, both ways, alternating on the loaded tenant: a dump of it parsed by
     * the ContentsReader (what the drill did before) and {@code readContents} (raw BSON, collections in
     * parallel). The visitor hashes every document, as the drill's scan does.
     */
    private static void readBack(MongoClient client, ServerProcess server, int rounds) throws Exception {
        MongoDatabaseSource source = MongoDatabaseSource.builder(client).build();
        double[] wall = new double[2];
        double[] here = new double[2];
        double[] there = new double[2];
        String[] what = {"dump + ContentsReader", "readContents"};
        for (int r = 1; r <= rounds; r++) {
            for (int k = 0; k < 2; k++) {
                Hashing v = new Hashing();
                long c0 = cpu();
                long s0 = serverCpu(server);
                long t0 = System.nanoTime();
                if (k == 0) {
                    java.io.PipedInputStream in = new java.io.PipedInputStream(1 << 20);
                    java.io.PipedOutputStream out = new java.io.PipedOutputStream(in);
                    Thread dumper = new Thread(() -> {
                        try (out) {
                            source.dump(TENANT.databaseName(), out, com.daaisuite.backup.core.spi.ProgressListener.NONE);
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
                    dumper.start();
                    source.contentsReader().orElseThrow().read(in, v);
                    dumper.join();
                } else {
                    source.readContents(TENANT.databaseName(), v);
                }
                double w = (System.nanoTime() - t0) / 1e9;
                double c = (cpu() - c0) / 1e9;
                double sc = (serverCpu(server) - s0) / 1e9;
                wall[k] += w;
                here[k] += c;
                there[k] += sc;
                System.out.printf(Locale.ROOT, "read-back %d, %-22s %.2f s wall, %.2f CPU-s here, %.2f CPU-s server (%d documents)%n",
                        r, what[k], w, c, sc, v.documents);
            }
        }
        for (int k = 0; k < 2; k++) {
            System.out.printf(Locale.ROOT, "read-back mean of %d, %-22s %.2f s wall, %.2f CPU-s here, %.2f CPU-s server%n", rounds,
                    what[k], wall[k] / rounds, here[k] / rounds, there[k] / rounds);
        }
    }

    /** Hashes each document, as the drill's scan does. */
    private static final class Hashing implements com.daaisuite.backup.core.spi.DocumentVisitor {
        private final java.security.MessageDigest sha;
        long documents;

        Hashing() throws java.security.NoSuchAlgorithmException {
            sha = java.security.MessageDigest.getInstance("SHA-256");
        }

        @Override
        public void collection(String name, String type, List<String> indexNames) {}

        @Override
        public void document(String collection, byte[] id, byte[] document) {
            sha.update(document);
            sha.digest();
            documents++;
        }
    }

    /** CPU time of the server's process so far, in nanoseconds (utime + stime of /proc/PID/stat, in clock ticks of 10 ms). */
    private static long serverCpu(ServerProcess server) throws java.io.IOException {
        String stat = Files.readString(Path.of("/proc/" + server.pid() + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
    }

    /** CPU time of this JVM's threads so far, in nanoseconds (the server's is its own process). */
    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
