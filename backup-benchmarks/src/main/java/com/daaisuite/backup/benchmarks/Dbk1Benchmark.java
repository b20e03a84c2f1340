package com.daaisuite.backup.benchmarks;

import com.daaisuite.backup.crypto.Dbk1;
import com.daaisuite.backup.crypto.Dbk1Options;
import com.daaisuite.backup.crypto.KeyProviders;
import com.daaisuite.backup.crypto.MasterKey;
import com.daaisuite.backup.crypto.spi.KeyProvider;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * DBK1 streams beside the JDK's bare AES/GCM/NoPadding on the same buffers, in the same run.
 *
 * <p>Every operation processes {@link #TOTAL} bytes of plaintext, so throughput in MB/s is
 * {@code ops/s * TOTAL / 10^6}. The bare cipher does exactly the per-segment work DBK1 cannot avoid
 * (one init and one doFinal per segment, nonces never repeating) between the same two big arrays the
 * DBK1 streams read and write; the DBK1 variants add the header, the key derivation, the stream
 * buffering (one in-cache copy each way) and, for decryption, the one-byte look-ahead.
 *
 * <p>{@code Dbk1.warmUp()} runs in the set-up (disable with {@code -jvmArgsAppend
 * -Ddbk1.warmUp=false}): without it the JDK's GCM path for messages over 64 KiB stays interpreted
 * for 10 to 40 seconds, for the bare cipher and DBK1 alike, and short runs measure only that.
 *
 * <p>Run: {@code java -jar backup-benchmarks/target/benchmarks.jar Dbk1Benchmark -f 1 -wi 3 -i 5}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class Dbk1Benchmark {
    /**
     * Plaintext bytes per operation: one 128 MiB archive, so per-archive costs (key derivation, two
     * segment buffers, the held-back final segment) weigh as in a modest real backup.
     */
    public static final int TOTAL = 128 << 20;

    @Param({"65536", "1048576", "4194304"})
    public int segmentSize;

    private byte[] plaintext;
    private byte[] decrypted;
    private byte[] ciphertext;
    private byte[] archive;
    private byte[] bareSealed;
    private byte[] segmentBuffer;
    private MasterKey master;
    private KeyProvider keys;
    private Dbk1Options options;
    private Cipher cipher;
    private SecretKeySpec bareKey;
    private byte[] nonce;
    private long counter;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Random r = new Random(42);
        plaintext = new byte[TOTAL];
        r.nextBytes(plaintext);
        decrypted = new byte[TOTAL];
        int segments = TOTAL / segmentSize;
        ciphertext = new byte[TOTAL + 16 * segments + 1024];
        master = MasterKey.generate(new SecureRandom());
        keys = KeyProviders.of(master);
        options = Dbk1Options.builder().segmentSize(segmentSize).build();
        ByteArrayOutputStream bo = new ByteArrayOutputStream(TOTAL + TOTAL / segmentSize * 16 + 1024);
        try (OutputStream o = Dbk1.encrypt(bo, master, "bench-tenant", options)) {
            o.write(plaintext);
        }
        archive = bo.toByteArray();
        byte[] k = new byte[32];
        r.nextBytes(k);
        bareKey = new SecretKeySpec(k, "AES");
        cipher = Cipher.getInstance("AES/GCM/NoPadding");
        nonce = new byte[12];
        bareSealed = new byte[TOTAL + 16 * segments];
        segmentBuffer = new byte[segmentSize + 16];
        byte[] fixedNonce = new byte[12];
        for (int i = 0; i < segments; i++) {
            fixedNonce[11] = (byte) i;
            fixedNonce[10] = (byte) (i >>> 8);
            cipher.init(Cipher.ENCRYPT_MODE, bareKey, new GCMParameterSpec(128, fixedNonce));
            cipher.doFinal(plaintext, i * segmentSize, segmentSize, bareSealed, i * (segmentSize + 16));
        }
        if (Boolean.parseBoolean(System.getProperty("dbk1.warmUp", "true"))) {
            // Both sides profit alike: it only gets the JDK's GCM path compiled before measuring.
            Dbk1.warmUp();
        }
    }

    /** The JDK cipher alone: plaintext array to ciphertext array, one init and one doFinal per segment. */
    @Benchmark
    public int bareEncrypt() throws Exception {
        int at = 0;
        for (int off = 0; off < TOTAL; off += segmentSize) {
            // A fresh nonce per call: the JDK refuses to encrypt twice under one key and nonce.
            long c = ++counter;
            for (int j = 0; j < 8; j++) {
                nonce[j] = (byte) (c >>> (8 * j));
            }
            cipher.init(Cipher.ENCRYPT_MODE, bareKey, new GCMParameterSpec(128, nonce));
            at += cipher.doFinal(plaintext, off, segmentSize, ciphertext, at);
        }
        return at;
    }

    /** The JDK cipher alone: ciphertext array to plaintext array, each segment verified with one doFinal. */
    @Benchmark
    public int bareDecrypt() throws Exception {
        int at = 0;
        byte[] fixedNonce = new byte[12];
        int sealed = segmentSize + 16;
        for (int i = 0; i < TOTAL / segmentSize; i++) {
            fixedNonce[11] = (byte) i;
            fixedNonce[10] = (byte) (i >>> 8);
            cipher.init(Cipher.DECRYPT_MODE, bareKey, new GCMParameterSpec(128, fixedNonce));
            at += cipher.doFinal(bareSealed, i * sealed, sealed, decrypted, at);
        }
        return at;
    }

    /**
     * The JDK cipher behind the same stream plumbing DBK1 has: each segment sealed into a segment
     * buffer and written to the same kind of sink. DBK1 minus this is the cost of the format itself.
     */
    @Benchmark
    public int bareEncryptStream() throws Exception {
        ArraySink sink = new ArraySink(ciphertext);
        for (int off = 0; off < TOTAL; off += segmentSize) {
            long c = ++counter;
            for (int j = 0; j < 8; j++) {
                nonce[j] = (byte) (c >>> (8 * j));
            }
            cipher.init(Cipher.ENCRYPT_MODE, bareKey, new GCMParameterSpec(128, nonce));
            int n = cipher.doFinal(plaintext, off, segmentSize, segmentBuffer, 0);
            sink.write(segmentBuffer, 0, n);
        }
        return sink.size;
    }

    /** The JDK cipher behind the same stream plumbing: segments read from an InputStream, then opened. */
    @Benchmark
    public int bareDecryptStream() throws Exception {
        InputStream in = new ByteArrayInputStream(bareSealed);
        int at = 0;
        byte[] fixedNonce = new byte[12];
        int sealed = segmentSize + 16;
        for (int i = 0; i < TOTAL / segmentSize; i++) {
            in.readNBytes(segmentBuffer, 0, sealed);
            fixedNonce[11] = (byte) i;
            fixedNonce[10] = (byte) (i >>> 8);
            cipher.init(Cipher.DECRYPT_MODE, bareKey, new GCMParameterSpec(128, fixedNonce));
            at += cipher.doFinal(segmentBuffer, 0, sealed, decrypted, at);
        }
        return at;
    }

    /** A whole DBK1 archive, written with one write() from the plaintext array into a ciphertext array. */
    @Benchmark
    public int dbk1Encrypt() throws Exception {
        ArraySink sink = new ArraySink(ciphertext);
        try (OutputStream o = Dbk1.encrypt(sink, master, "bench-tenant", options)) {
            o.write(plaintext);
        }
        return sink.size;
    }

    /** A whole DBK1 archive, read from a ciphertext array into the plaintext array. */
    @Benchmark
    public int dbk1Decrypt() throws Exception {
        try (InputStream in = Dbk1.decrypt(new ByteArrayInputStream(archive), keys, "bench-tenant")) {
            return in.readNBytes(decrypted, 0, TOTAL);
        }
    }

    /** A fixed array as an output stream, like ByteArrayOutputStream without growing or locking. */
    static final class ArraySink extends OutputStream {
        private final byte[] buf;
        int size;

        ArraySink(byte[] buf) {
            this.buf = buf;
        }

        @Override
        public void write(int b) {
            buf[size++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            System.arraycopy(b, off, buf, size, len);
            size += len;
        }
    }
}
