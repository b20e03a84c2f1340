package com.daaisuite.backup.benchmarks;

import com.daaisuite.backup.crypto.Dbk1;
import com.daaisuite.backup.crypto.Dbk1Options;
import com.daaisuite.backup.crypto.KeyProviders;
import com.daaisuite.backup.crypto.MasterKey;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Throughput of the first N MiB in a fresh JVM, where JMH's warm-up would hide the JDK 17 GCM
 * warm-up delay. Run each mode in its own JVM:
 *
 * <pre>
 * java -cp benchmarks.jar com.daaisuite.backup.benchmarks.Dbk1ColdStart prepare  SEGMENT MIB DIR
 * java -Xmx2g -cp benchmarks.jar com.daaisuite.backup.benchmarks.Dbk1ColdStart MODE SEGMENT MIB DIR [warm]
 * </pre>
 *
 * MODE is bare-encrypt, dbk1-encrypt, bare-decrypt or dbk1-decrypt; {@code warm} calls
 * {@code Dbk1.warmUp()} first and counts its time. Decryption reads files written by {@code
 * prepare}, so that no encryption has run in the measuring JVM.
 */
public final class Dbk1ColdStart {
    private static final byte[] KEY = HexFormat.of().parseHex(
            "6a1f3c5e7d9b2a4c6e8f0a1b3c5d7e9f0a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d");

    private Dbk1ColdStart() {}

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int seg = Integer.parseInt(args[1]);
        int total = Integer.parseInt(args[2]) << 20;
        Path dir = Path.of(args[3]);
        boolean warm = args.length > 4 && args[4].equals("warm");
        MasterKey master = MasterKey.of(KEY);
        SecretKeySpec bareKey = new SecretKeySpec(KEY, "AES");
        int segments = total / seg;
        Path dbk1File = dir.resolve("cold-" + seg + "-" + total + ".dbk1");
        Path bareFile = dir.resolve("cold-" + seg + "-" + total + ".bare");
        byte[] plaintext = new byte[total];
        new Random(1).nextBytes(plaintext);
        if (mode.equals("prepare")) {
            try (OutputStream o = Dbk1.encrypt(Files.newOutputStream(dbk1File), master, "bench-tenant",
                    Dbk1Options.builder().segmentSize(seg).build())) {
                o.write(plaintext);
            }
            byte[] sealed = new byte[total + 16 * segments];
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            for (int i = 0; i < segments; i++) {
                c.init(Cipher.ENCRYPT_MODE, bareKey, new GCMParameterSpec(128, nonce(i)));
                c.doFinal(plaintext, i * seg, seg, sealed, i * (seg + 16));
            }
            Files.write(bareFile, sealed);
            return;
        }
        byte[] input = mode.endsWith("decrypt") ? Files.readAllBytes(mode.startsWith("dbk1") ? dbk1File : bareFile)
                : null;
        byte[] output = new byte[total + 16 * segments + 1024];
        long t0 = System.nanoTime();
        if (warm) {
            Dbk1.warmUp();
        }
        long tw = System.nanoTime();
        switch (mode) {
            case "bare-encrypt": {
                Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
                int at = 0;
                for (int i = 0; i < segments; i++) {
                    c.init(Cipher.ENCRYPT_MODE, bareKey, new GCMParameterSpec(128, nonce(i)));
                    at += c.doFinal(plaintext, i * seg, seg, output, at);
                }
                break;
            }
            case "bare-decrypt": {
                Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
                for (int i = 0; i < segments; i++) {
                    c.init(Cipher.DECRYPT_MODE, bareKey, new GCMParameterSpec(128, nonce(i)));
                    c.doFinal(input, i * (seg + 16), seg + 16, output, i * seg);
                }
                break;
            }
            case "dbk1-encrypt": {
                Dbk1Benchmark.ArraySink sink = new Dbk1Benchmark.ArraySink(output);
                try (OutputStream o = Dbk1.encrypt(sink, master, "bench-tenant",
                        Dbk1Options.builder().segmentSize(seg).build())) {
                    o.write(plaintext);
                }
                break;
            }
            case "dbk1-decrypt": {
                try (InputStream in = Dbk1.decrypt(new ByteArrayInputStream(input), KeyProviders.of(master),
                        "bench-tenant")) {
                    if (in.readNBytes(output, 0, total) != total) {
                        throw new IllegalStateException("short archive");
                    }
                }
                break;
            }
            default:
                throw new IllegalArgumentException("unknown mode " + mode);
        }
        long t1 = System.nanoTime();
        System.out.printf("%s segment=%d MiB=%d warmUp=%s: %.2f s total (warm-up %.2f s), %.0f MB/s%n", mode, seg,
                total >> 20, warm, (t1 - t0) / 1e9, (tw - t0) / 1e9, total / ((t1 - t0) / 1e3));
    }

    private static byte[] nonce(int i) {
        byte[] n = new byte[12];
        n[8] = (byte) (i >>> 24);
        n[9] = (byte) (i >>> 16);
        n[10] = (byte) (i >>> 8);
        n[11] = (byte) i;
        return n;
    }
}
