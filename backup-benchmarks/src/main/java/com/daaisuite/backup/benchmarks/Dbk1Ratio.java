package com.daaisuite.backup.benchmarks;

import java.util.Arrays;

/**
 * DBK1 against the bare JDK cipher, interleaved operation by operation, so that a shared, noisy
 * machine slows all sides alike; reports medians of throughput and of the per-round ratios. The
 * bare cipher runs twice: array to array, and behind the same stream I/O DBK1 has (a segment buffer
 * written to, or read from, a stream). Complements the JMH run, whose iterations are far apart.
 *
 * <pre>
 * java -Xmx2g -cp backup-benchmarks/target/benchmarks.jar com.daaisuite.backup.benchmarks.Dbk1Ratio [rounds [segment,sizes]]
 * </pre>
 */
public final class Dbk1Ratio {
    private Dbk1Ratio() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 21;
        System.out.printf("%-8s %-8s %11s %11s %11s %9s %9s%n", "segment", "op", "bare MB/s", "bare+io", "DBK1 MB/s",
                "DBK1/bare", "DBK1/b+io");
        int[] segments = {64 << 10, 1 << 20, 4 << 20};
        if (args.length > 1) {
            segments = Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray();
        }
        for (int seg : segments) {
            Dbk1Benchmark b = new Dbk1Benchmark();
            b.segmentSize = seg;
            b.setUp();
            for (int i = 0; i < 10; i++) {
                for (int kind = 0; kind < 3; kind++) {
                    time(b, "encrypt", kind);
                    time(b, "decrypt", kind);
                }
            }
            for (String op : new String[] {"encrypt", "decrypt"}) {
                double[][] mbps = new double[3][rounds];
                double[] ratioBare = new double[rounds];
                double[] ratioStream = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    long[] t = new long[3];
                    for (int k = 0; k < 3; k++) {
                        int kind = (k + r) % 3; // rotate the order so no side always runs first
                        t[kind] = time(b, op, kind);
                    }
                    for (int kind = 0; kind < 3; kind++) {
                        mbps[kind][r] = Dbk1Benchmark.TOTAL / (t[kind] / 1e3);
                    }
                    ratioBare[r] = (double) t[0] / t[2];
                    ratioStream[r] = (double) t[1] / t[2];
                }
                System.out.printf("%-8s %-8s %11.0f %11.0f %11.0f %9.2f %9.2f%n", seg >= 1 << 20 ? (seg >> 20) + " MiB"
                        : (seg >> 10) + " KiB", op, median(mbps[0]), median(mbps[1]), median(mbps[2]),
                        median(ratioBare), median(ratioStream));
            }
        }
    }

    /** kind 0: bare cipher array to array; 1: bare cipher behind the same stream I/O; 2: DBK1. */
    private static long time(Dbk1Benchmark b, String op, int kind) throws Exception {
        long t0 = System.nanoTime();
        boolean enc = op.equals("encrypt");
        switch (kind) {
            case 0:
                if (enc) {
                    b.bareEncrypt();
                } else {
                    b.bareDecrypt();
                }
                break;
            case 1:
                if (enc) {
                    b.bareEncryptStream();
                } else {
                    b.bareDecryptStream();
                }
                break;
            default:
                if (enc) {
                    b.dbk1Encrypt();
                } else {
                    b.dbk1Decrypt();
                }
        }
        return System.nanoTime() - t0;
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }
}
