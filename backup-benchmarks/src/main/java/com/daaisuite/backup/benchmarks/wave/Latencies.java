package com.daaisuite.backup.benchmarks.wave;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What one run of the application workload measured: for each completed operation, when it was due
 * (nanoseconds after the run started) and how long it took from then.
 *
 * @param samples {due, latency} pairs in nanoseconds
 * @param errors operations that failed (their latency is counted too)
 * @param issued operations started
 * @param startEpochMillis the wall-clock time the run started (due times count from it), to line the
 *     samples up with the GC logs of the JVMs, which carry wall-clock times
 */
record Latencies(List<long[]> samples, int errors, int issued, long startEpochMillis) {

    /**
     * @param p the percentile, 0..100
     * @return that percentile of the latencies, in milliseconds (NaN when there are none)
     */
    double percentileMs(double p) {
        return percentileMs(samples.stream().mapToLong(s -> s[1]).toArray(), p);
    }

    /**
     * @param p the percentile, 0..100
     * @param untilNanos only the operations due before this, in nanoseconds since the run started
     * @return that percentile of their latencies, in ms
     */
    double percentileMs(double p, long untilNanos) {
        return percentileMs(samples.stream().filter(s -> s[0] < untilNanos).mapToLong(s -> s[1]).toArray(), p);
    }

    static double percentileMs(long[] latencies, double p) {
        if (latencies.length == 0) {
            return Double.NaN;
        }
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    /**
     * @param p the percentile, 0..100
     * @return one point per second of the run: that percentile of the operations due in that second, in ms
     *     (NaN for a second without any)
     */
    double[] perSecondMs(double p) {
        int seconds = (int) (samples.stream().mapToLong(s -> s[0]).max().orElse(0) / 1_000_000_000L) + 1;
        List<List<Long>> buckets = new ArrayList<>();
        for (int i = 0; i < seconds; i++) {
            buckets.add(new ArrayList<>());
        }
        for (long[] s : samples) {
            buckets.get((int) (s[0] / 1_000_000_000L)).add(s[1]);
        }
        double[] out = new double[seconds];
        for (int i = 0; i < seconds; i++) {
            out[i] = percentileMs(buckets.get(i).stream().mapToLong(Long::longValue).toArray(), p);
        }
        return out;
    }

    /** @return a file name for the samples of one window of one scenario, such as {@code 1-node-no-budget.wave.tsv} */
    static String fileName(String scenario, String window) {
        return scenario.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "")
                + "." + window + ".tsv";
    }

    /**
     * Writes the samples as {@code <epoch ms when due> <latency ms>} lines, for lining them up with the JVMs' GC
     * logs (docs/performance.md, "The 01:00 wave").
     */
    void write(java.nio.file.Path file) throws java.io.IOException {
        StringBuilder b = new StringBuilder("# due_epoch_ms latency_ms\n");
        for (long[] s : samples) {
            b.append(String.format(java.util.Locale.ROOT, "%.3f %.3f%n", startEpochMillis + s[0] / 1e6, s[1] / 1e6));
        }
        java.nio.file.Files.writeString(file, b);
    }
}
