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
 */
record Latencies(List<long[]> samples, int errors, int issued) {

    /**
     * @param p the percentile, 0..100
     * @return that percentile of the latencies, in milliseconds (NaN when there are none)
     */
    double percentileMs(double p) {
        return percentileMs(samples.stream().mapToLong(s -> s[1]).toArray(), p);
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
}
