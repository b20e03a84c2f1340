package com.daaisuite.backup.benchmarks.e2e;

import com.daaisuite.backup.core.BackupsSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Command-line options. */
final class E2eOptions {
    long sizeMb = 1000;
    long smallMb = 200;
    int runs = 3;
    int level = BackupsSettings.DEFAULT_COMPRESSION_LEVEL;
    int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    long stageMb = 256;
    List<Integer> stageLevels = List.of(1, 6);
    List<Integer> sweepLevels = List.of(1, 3, 6, 9);
    long serverXmxMb;
    int listingCount = 10_000;
    long seed = 20261126L;
    boolean memoryOnly;
    int memoryRuns = 1;
    long probeMillis = 1000;
    List<Integer> extraBackupLevels = List.of(1);
    Path work = Path.of(System.getProperty("java.io.tmpdir"), "daai-e2e");
    Path out = Path.of("backup-benchmarks/target/e2e-results.md");
    String command = "backup-benchmarks/run-e2e.sh";

    /** The configured level first, then the extra levels (once each). */
    List<Integer> backupLevels() {
        List<Integer> l = new ArrayList<>(List.of(level));
        if (!memoryOnly) {
            extraBackupLevels.stream().filter(x -> !l.contains(x)).forEach(l::add);
        }
        return l;
    }

    List<Long> sizes() {
        return smallMb > 0 && smallMb < sizeMb ? List.of(smallMb, sizeMb) : List.of(sizeMb);
    }

    static String usage() {
        return String.join("\n",
                "usage: run-e2e.sh [options]",
                "  --size-mb N        the large database, MB of BSON (default 1000)",
                "  --small-mb N       the small database shown beside it for the memory bound; 0 = none (default 200)",
                "  --runs N           runs of each measurement, for medians and spread (default 3)",
                "  --level N          gzip level of the backups (default BackupsSettings.DEFAULT_COMPRESSION_LEVEL)",
                "  --also-levels L    extra backup levels timed beside it, comma-separated (default 1; empty = none)",
                "  --memory-runs N    extra backup and restore per size with a full GC every second, for the live heap (default 1)",
                "  --memory-only      only the memory runs (no references, stage or listing): for the biggest databases",
                "  --threads N        compression threads (default min(4, nproc))",
                "  --stage-mb N       MB sampled from the payload for the stage/gzip/pigz comparison (default 256)",
                "  --stage-levels L   comma-separated levels for the stage comparison (default 1,6)",
                "  --sweep-levels L   comma-separated levels for the level sweep (default 1,3,6,9; empty = none)",
                "  --server-xmx-mb N  heap of the server JVM (default 8 x size + 1024)",
                "  --listing N        snapshots in the listed folder (default 10000)",
                "  --work DIR         scratch directory (default $TMPDIR/daai-e2e)",
                "  --out FILE         markdown result (default backup-benchmarks/target/e2e-results.md)",
                "  --command TEXT     the command line to print in the report");
    }

    static E2eOptions parse(String[] args) {
        E2eOptions o = new E2eOptions();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                System.out.println(usage());
                System.exit(0);
            }
            if (a.equals("--memory-only")) {
                o.memoryOnly = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + a + "\n" + usage());
            }
            String v = args[++i];
            switch (a) {
                case "--size-mb" -> o.sizeMb = Long.parseLong(v);
                case "--small-mb" -> o.smallMb = Long.parseLong(v);
                case "--runs" -> o.runs = Integer.parseInt(v);
                case "--level" -> o.level = Integer.parseInt(v);
                case "--also-levels" -> o.extraBackupLevels = ints(v);
                case "--memory-runs" -> o.memoryRuns = Integer.parseInt(v);
                case "--threads" -> o.threads = Integer.parseInt(v);
                case "--stage-mb" -> o.stageMb = Long.parseLong(v);
                case "--stage-levels" -> o.stageLevels = ints(v);
                case "--sweep-levels" -> o.sweepLevels = ints(v);
                case "--server-xmx-mb" -> o.serverXmxMb = Long.parseLong(v);
                case "--listing" -> o.listingCount = Integer.parseInt(v);
                case "--work" -> o.work = Path.of(v);
                case "--out" -> o.out = Path.of(v);
                case "--command" -> o.command = v;
                default -> throw new IllegalArgumentException("unknown option " + a + "\n" + usage());
            }
        }
        if (o.memoryOnly && o.memoryRuns < 1) {
            o.memoryRuns = 1;
        }
        if (o.runs < 1 || o.sizeMb < 1) {
            throw new IllegalArgumentException("--runs and --size-mb must be at least 1");
        }
        return o;
    }

    private static List<Integer> ints(String v) {
        List<Integer> l = new ArrayList<>();
        for (String s : v.split(",")) {
            if (!s.isBlank()) {
                l.add(Integer.parseInt(s.trim()));
            }
        }
        return l;
    }
}
