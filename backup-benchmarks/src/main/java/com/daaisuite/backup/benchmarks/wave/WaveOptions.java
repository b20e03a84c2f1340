package com.daaisuite.backup.benchmarks.wave;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Locale;

/** The wave benchmark's command-line options; {@link #usage()} lists them. */
final class WaveOptions {
    int tenants = 200;
    double minMb = 2;
    double maxMb = 10;
    /** Application operations per second, started on a fixed schedule (open loop). */
    int rate = 200;
    /** The node's read-rate budget of the budgeted runs, bytes per second. */
    long budget = 4_000_000;
    int nodes = 3;
    int idleSeconds = 20;
    int appDatabases = 10;
    int appDocuments = 2000;
    /** 0: the builder's default (2). */
    int maxConcurrent;
    /** 0: the builder's default. */
    int threads;
    /** MongoDatabaseSource.readBatchBytes of every node; 0: the source's default (8 MiB). */
    double readBatchMb;
    /** Backups.scheduledCompressionLevel of every node; 0: the builder's default. */
    int scheduledLevel;
    int maxWaveMinutes = 40;
    /** Whether the application workload runs in a JVM of its own ({@code --app-jvm own}). */
    boolean appInChild;
    /** Whether the test server runs ZGC ({@code --server-gc zgc}) rather than G1 (the default). */
    boolean serverZgc;
    /**
     * Whether the test server's heap uses transparent huge pages ({@code --server-huge-pages}; default: when
     * the kernel offers them). With 4 KiB pages a kernel that samples page access for proactive reclaim
     * (DAMON) stalls the server's threads for ~50 ms every ~0.55 s once its heap holds the fleet.
     */
    boolean serverHugePages = ServerHugePages.offered();
    /** Whether the nodes run their scheduled restore drills in the same {@code runDue} tick, as by default ({@code --drills}). */
    boolean drills = true;
    long serverXmxMb;
    long seed = 20261206L;
    ZoneId zone = ZoneId.of("Asia/Kolkata");
    Path work = Path.of(System.getProperty("java.io.tmpdir"), "daai-wave");
    Path out = Path.of("backup-benchmarks/target/wave-results.md");
    Path plot = Path.of("backup-benchmarks/target/wave-latency.png");
    String command = "backup-benchmarks/run-wave.sh";

    static String usage() {
        return String.join("\n",
                "usage: run-wave.sh [options]",
                "  --tenants N          tenants due at 01:00 (default 200)",
                "  --min-mb X           smallest tenant, MB of BSON (default 2)",
                "  --max-mb X           largest tenant, MB of BSON (default 10)",
                "  --rate N             application operations per second beside the wave (default 200)",
                "  --budget B           the node's dump read budget of the budgeted runs, bytes/s; suffixes k, m (10^3, 10^6)",
                "                       (default 4m)",
                "  --nodes N            nodes of the multi-node runs, sharing one MongoBackupLock and one storage (default 3;",
                "                       1 = single-node runs only)",
                "  --idle-seconds N     application alone before each wave, for the idle latency (default 20)",
                "  --app-databases N    application databases (not backed up) the workload reads and writes (default 10)",
                "  --app-documents N    documents in each application database (default 2000)",
                "  --max-concurrent N   Backups.maxConcurrentBackups of each node (default: the builder's, 2)",
                "  --threads N          compression threads of each node (default: the builder's)",
                "  --read-batch-mb X    MongoDatabaseSource.readBatchBytes of each node, MiB: the size of the bursts",
                "                       (default: the source's, 8; under a budget the budget's smaller batches)",
                "  --scheduled-level N  Backups.scheduledCompressionLevel of each node (default: the builder's, 8)",
                "  --drills on|off      the nodes' scheduled restore drills, which runDue starts after the tick's backups",
                "                       (default on, as in Backups; off measures the backups alone)",
                "  --max-wave-minutes N the application workload stops after this long in any case (default 40)",
                "  --app-jvm WHERE      harness: the application workload shares the nodes' JVM, as in an embedding host",
                "                       (default); own: it runs in a JVM of its own (the database's service to another",
                "                       process, without the nodes' garbage collection). GC logs go to --work.",
                "  --server-xmx-mb N    heap of the server JVM (default 8 x the data + 1024; 12 x with ZGC)",
                "  --server-gc GC       the test server's collector: g1 (default) or zgc (JDK 17's ZGC, tried: on 2 cores",
                "                       with the fleet in its heap it stalls allocations for seconds; docs/performance.md)",
                "  --server-huge-pages on|off  back the server's heap with transparent huge pages (default: on when",
                "                       /sys/kernel/mm/transparent_hugepage/enabled offers them; docs/performance.md)",
                "  --zone ZONE          the tenants' time zone (default Asia/Kolkata)",
                "  --seed N             data seed (default 20261206)",
                "  --work DIR           scratch directory for the storage (default $TMPDIR/daai-wave)",
                "  --out FILE           markdown result (default backup-benchmarks/target/wave-results.md)",
                "  --plot FILE          PNG of the application's latency during the waves (default backup-benchmarks/target/wave-latency.png)",
                "  --command TEXT       the command line to print in the report");
    }

    static WaveOptions parse(String[] args) {
        WaveOptions o = new WaveOptions();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                System.out.println(usage());
                System.exit(0);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + a + " needs a value\n" + usage());
            }
            String v = args[++i];
            switch (a) {
                case "--tenants" -> o.tenants = Integer.parseInt(v);
                case "--min-mb" -> o.minMb = Double.parseDouble(v);
                case "--max-mb" -> o.maxMb = Double.parseDouble(v);
                case "--rate" -> o.rate = Integer.parseInt(v);
                case "--budget" -> o.budget = bytes(v);
                case "--nodes" -> o.nodes = Integer.parseInt(v);
                case "--idle-seconds" -> o.idleSeconds = Integer.parseInt(v);
                case "--app-databases" -> o.appDatabases = Integer.parseInt(v);
                case "--app-documents" -> o.appDocuments = Integer.parseInt(v);
                case "--max-concurrent" -> o.maxConcurrent = Integer.parseInt(v);
                case "--threads" -> o.threads = Integer.parseInt(v);
                case "--read-batch-mb" -> o.readBatchMb = Double.parseDouble(v);
                case "--scheduled-level" -> o.scheduledLevel = Integer.parseInt(v);
                case "--max-wave-minutes" -> o.maxWaveMinutes = Integer.parseInt(v);
                case "--app-jvm" -> o.appInChild = switch (v) {
                    case "own" -> true;
                    case "harness" -> false;
                    default -> throw new IllegalArgumentException("--app-jvm takes own or harness, not " + v);
                };
                case "--server-xmx-mb" -> o.serverXmxMb = Long.parseLong(v);
                case "--drills" -> o.drills = switch (v) {
                    case "on" -> true;
                    case "off" -> false;
                    default -> throw new IllegalArgumentException("--drills takes on or off, not " + v);
                };
                case "--server-huge-pages" -> o.serverHugePages = switch (v) {
                    case "on" -> true;
                    case "off" -> false;
                    default -> throw new IllegalArgumentException("--server-huge-pages takes on or off, not " + v);
                };
                case "--server-gc" -> o.serverZgc = switch (v.toLowerCase(java.util.Locale.ROOT)) {
                    case "zgc" -> true;
                    case "g1" -> false;
                    default -> throw new IllegalArgumentException("--server-gc takes zgc or g1, not " + v);
                };
                case "--zone" -> o.zone = ZoneId.of(v);
                case "--seed" -> o.seed = Long.parseLong(v);
                case "--work" -> o.work = Path.of(v);
                case "--out" -> o.out = Path.of(v);
                case "--plot" -> o.plot = Path.of(v);
                case "--command" -> o.command = v;
                default -> throw new IllegalArgumentException("unknown option " + a + "\n" + usage());
            }
        }
        if (o.tenants < 1 || o.minMb <= 0 || o.maxMb < o.minMb || o.rate < 1 || o.nodes < 1 || o.idleSeconds < 1
                || o.appDatabases < 1 || o.appDocuments < 1 || o.maxWaveMinutes < 1) {
            throw new IllegalArgumentException("out-of-range option\n" + usage());
        }
        return o;
    }

    /** "4m" is 4,000,000; "500k" 500,000; a plain number is bytes. */
    static long bytes(String v) {
        String s = v.trim().toLowerCase(Locale.ROOT).replace("_", "");
        long unit = s.endsWith("m") ? 1_000_000 : s.endsWith("k") ? 1_000 : 1;
        String digits = unit == 1 ? s : s.substring(0, s.length() - 1);
        return Math.round(Double.parseDouble(digits) * unit);
    }

    /** Total data of the fleet in MB, expected (the mean tenant times the count). */
    double expectedFleetMb() {
        return tenants * (minMb + maxMb) / 2;
    }
}
