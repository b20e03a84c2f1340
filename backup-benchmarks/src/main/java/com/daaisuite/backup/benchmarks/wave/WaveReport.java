package com.daaisuite.backup.benchmarks.wave;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The wave's results as markdown: the machine and the command, then one row per scenario. */
final class WaveReport {
    private WaveReport() {}

    static String markdown(WaveOptions o, long fleetBytes, long serverHeapMb, long harnessHeapMb, String loadBefore,
            String loadAfter, List<WaveRun.Result> results) {
        StringBuilder b = new StringBuilder();
        b.append("Command: `").append(o.command).append("`\n\n");
        b.append(String.format(Locale.ROOT, "%d tenants of %.1f-%.1f MB (%.0f MB of BSON in all, three shapes in turn), "
                + "24-hour schedule in %s, all due at 01:00; application: %d ops/s (7 reads, 2 updates, 1 insert in 10) "
                + "on %d other databases of %d documents, through its own client " + (o.appInChild
                        ? "in a JVM of its own (--app-jvm own)" : "in the harness's JVM beside the nodes")
                + "; idle measured for %d s before each wave. "
                + "Read batches: %s. nproc %d; harness JVM -Xmx%dm; server JVM -Xmx%dm " + (o.serverZgc ? "(ZGC" : "(G1") + (o.serverHugePages ? ", transparent huge pages)" : ", 4 KiB pages)") + "; load average %s before, %s after.%n%n",
                o.tenants, o.minMb, o.maxMb, fleetBytes / 1e6, o.zone, o.rate, o.appDatabases, o.appDocuments, o.idleSeconds,
                (o.readBatchMb > 0 ? o.readBatchMb + " MiB" : "the source's default (8 MiB)")
                        + "; under a budget at most ReadBudget.batchBytes() (docs/schedules.md), each paid for before the next is read"
                        + (o.scheduledLevel > 0 ? "; scheduled gzip level " + o.scheduledLevel : "; scheduled gzip level: the default"),
                Runtime.getRuntime().availableProcessors(), harnessHeapMb, serverHeapMb, loadBefore, loadAfter));
        b.append("| scenario | nodes | budget per node | every tenant backed up in | the tick, drills included"
                + " | tenants backed up once / missing / twice"
                + " | backed up per node | peak heap (sampled / after GC) | app p50 idle → wave | app p99 idle → wave"
                + " | p99 wave/idle | p99 while backing up / idle | app ops (errors) |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (WaveRun.Result r : results) {
            double i50 = r.idle().percentileMs(50);
            double w50 = r.wave().percentileMs(50);
            double i99 = r.idle().percentileMs(99);
            double w99 = r.wave().percentileMs(99);
            double b99 = r.wave().percentileMs(99, (long) (r.backupsSeconds() * 1e9));
            b.append(String.format(Locale.ROOT,
                    "| %s | %d | %s | %s | %s (%d drills) | %d / %d / %d | %s | %d / %d MB | %.1f → %.1f ms | %.1f → %.1f ms | %.2f× | %.1f ms, %.2f× | %d (%d) |%n",
                    r.name(), r.nodes(), (r.budget() > 0 ? String.format(Locale.ROOT, "%.1f MB/s", r.budget() / 1e6) : "none")
                            + " (gzip on " + r.gzipThreads() + (r.gzipThreads() == 1 ? " thread)" : " threads)"),
                    duration(r.backupsSeconds()), duration(r.waveSeconds()), r.drills(), r.tenantsOnce(), r.tenantsMissing(),
                    r.tenantsTwice(), r.backedUpPerNode().values().toString(), r.peakUsedBytes() >> 20, r.peakAfterGcBytes() >> 20,
                    i50, w50, i99, w99, w99 / i99, b99, b99 / i99, r.wave().issued(), r.wave().errors()));
        }
        b.append(pooledIdle(results));
        for (WaveRun.Result r : results) {
            if (r.failed() > 0) {
                b.append("\n").append(r.name()).append(": ").append(r.failed()).append(" FAILED outcomes, e.g. ")
                        .append(String.join("; ", r.failures())).append('\n');
            }
        }
        return b.toString();
    }

    /**
     * One idle window's p99 is its 1% slowest operations, and a window can catch a disturbance of its own
     * (the server cleaning up after the previous tick's drills): the run's idle windows pooled give every
     * wave a steadier baseline to be read against as well.
     */
    private static String pooledIdle(List<WaveRun.Result> results) {
        long[] idle = results.stream().flatMap(r -> r.idle().samples().stream()).mapToLong(s -> s[1]).toArray();
        if (results.size() < 2 || idle.length == 0) {
            return "";
        }
        double p99 = Latencies.percentileMs(idle, 99);
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "%nThe run's %d idle windows pooled (%d operations): p99 %.1f ms. Each wave's p99 against it:",
                results.size(), idle.length, p99));
        for (WaveRun.Result r : results) {
            double w99 = r.wave().percentileMs(99);
            double b99 = r.wave().percentileMs(99, (long) (r.backupsSeconds() * 1e9));
            b.append(String.format(Locale.ROOT, " %s %.2f× (%.2f× while backing up);", r.name(), w99 / p99, b99 / p99));
        }
        b.setLength(b.length() - 1);
        return b.append(".\n").toString();
    }

    private static String duration(double seconds) {
        return seconds < 120 ? String.format(Locale.ROOT, "%.1f s", seconds)
                : String.format(Locale.ROOT, "%d min %02d s", (long) seconds / 60, (long) seconds % 60);
    }

    /** @return the 1-minute load average, or "?" */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }
}
