package com.daaisuite.backup.storage.fs;

import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.core.spi.StorageUpload;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

/**
 * Streams a large upload from a generator into a {@link FileSystemStorageBackend}, reads it back,
 * verifies it and prints throughput and peak heap. Run by {@link LargeUploadMemoryTest} in a child
 * JVM with {@code -Xmx64m}, and by hand for throughput figures:
 *
 * <pre>
 * java -Xmx64m -cp target/test-classes:target/classes:$(cat target/cp.txt) \
 *     com.daaisuite.backup.storage.fs.LargeUploadProbe /tmp/probe 200 3
 * </pre>
 *
 * Arguments: root directory (created if missing), size in MB (10^6 bytes), runs.
 */
public final class LargeUploadProbe {

    private LargeUploadProbe() {}

    public static void main(String[] args) throws IOException {
        Path root = Files.createDirectories(Path.of(args[0]));
        long size = Long.parseLong(args.length > 1 ? args[1] : "200") * 1_000_000L;
        int runs = Integer.parseInt(args.length > 2 ? args[2] : "1");
        FileSystemStorageBackend fs = FileSystemStorageBackend.at(root);
        byte[] block = new byte[1 << 20];
        new SplittableRandom(42).nextBytes(block);
        for (int run = 1; run <= runs; run++) {
            StorageKey key = StorageKey.of("probe", "large-" + run + "-" + System.nanoTime() + ".bin");
            CRC32C written = new CRC32C();
            long t0 = System.nanoTime();
            try (StorageUpload upload = fs.openUpload(key)) {
                long left = size;
                long counter = 0;
                while (left > 0) {
                    // Stamp a counter into each block so that no two blocks are identical.
                    long c = counter++;
                    for (int i = 0; i < 8; i++) {
                        block[i] = (byte) (c >>> (8 * i));
                    }
                    int n = (int) Math.min(left, block.length);
                    written.update(block, 0, n);
                    upload.write(block, 0, n);
                    left -= n;
                }
                upload.commit();
            }
            long t1 = System.nanoTime();
            CRC32C read = new CRC32C();
            long count = 0;
            try (InputStream in = fs.openRead(key)) {
                byte[] buf = new byte[1 << 20];
                int n;
                while ((n = in.read(buf)) >= 0) {
                    read.update(buf, 0, n);
                    count += n;
                }
            }
            long t2 = System.nanoTime();
            fs.delete(List.of(key));
            if (count != size || read.getValue() != written.getValue()) {
                System.out.println("MISMATCH: read " + count + " bytes, expected " + size);
                System.exit(1);
            }
            System.out.printf("run %d: %d MB verified; upload (write + fsync + publish) %.0f MB/s, "
                            + "download (page cache warm) %.0f MB/s%n",
                    run, size / 1_000_000, size / 1e6 / ((t1 - t0) / 1e9), size / 1e6 / ((t2 - t1) / 1e9));
        }
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf("max heap %d MiB; peak heap used %d MiB (sum of pool peaks)%n",
                Runtime.getRuntime().maxMemory() >> 20, peak >> 20);
        System.out.println("verified");
    }
}
