package com.daaisuite.backup.crypto;

import com.daaisuite.backup.crypto.internal.Dbk1Format;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Run in a child JVM with a small fixed heap by {@link HostileHeaderMemoryTest}: opens {@code n}
 * archives whose authentic-looking header claims the largest segment size but whose body is a
 * few KiB of garbage, keeps every stream open, reads from each, and prints the most any one open
 * and read allocated. Exit 0 and {@code OK} only if every read failed as tampering.
 */
public final class HostileHeaderChild {
    private HostileHeaderChild() {}

    public static void main(String[] args) throws IOException {
        int n = Integer.parseInt(args[0]);
        int body = Integer.parseInt(args[1]);
        byte[] header = headerClaimingLargestSegments();
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        // Load and initialise the classes and the AES-GCM provider first, so that what is measured
        // is the reader's own allocation, not the JVM's one-time start-up.
        try (InputStream warm = Dbk1.decrypt(new ByteArrayInputStream(Fixtures.encrypt(new byte[100], 4096)),
                KeyProviders.of(Fixtures.KEY), Fixtures.TENANT)) {
            warm.readAllBytes();
        }
        byte[] bad = Fixtures.encrypt(new byte[100], 4096);
        bad[bad.length - 1] ^= 1;
        try (InputStream warm = Dbk1.decrypt(new ByteArrayInputStream(bad), KeyProviders.of(Fixtures.KEY),
                Fixtures.TENANT)) {
            warm.read(new byte[512]);
            throw new IllegalStateException("a tampered archive was read");
        } catch (ArchiveTamperedException expected) {
            // the failure path is warm too now
        }
        List<InputStream> open = new ArrayList<>();
        long most = 0;
        Random garbage = new Random(64);
        for (int i = 0; i < n; i++) {
            byte[] archive = Arrays.copyOf(header, header.length + body);
            byte[] tail = new byte[body];
            garbage.nextBytes(tail);
            System.arraycopy(tail, 0, archive, header.length, body);
            InputStream source = new ByteArrayInputStream(archive);
            long before = mx.getThreadAllocatedBytes(tid);
            InputStream in = Dbk1.decrypt(source, KeyProviders.of(Fixtures.KEY), Fixtures.TENANT);
            open.add(in);
            try {
                in.read(new byte[512]);
                System.out.println("FAIL: stream " + i + " released bytes of an unauthenticated segment");
                System.exit(2);
            } catch (ArchiveTamperedException expected) {
                // the only acceptable outcome
            }
            most = Math.max(most, mx.getThreadAllocatedBytes(tid) - before);
        }
        System.out.println("OK streams=" + open.size() + " mostAllocatedByOneOpenAndRead=" + most);
    }

    /**
     * A well-formed header for the test key and tenant that claims 16 MiB segments. Built with the
     * codec rather than by writing an archive, which would itself need two 16 MiB buffers.
     */
    private static byte[] headerClaimingLargestSegments() {
        byte[] salt = new byte[32];
        byte[] prefix = new byte[7];
        new Random(1).nextBytes(salt);
        return Dbk1Format.encodeHeader(Dbk1Options.MAX_SEGMENT_SIZE, Fixtures.KEY.id(),
                Dbk1Format.tenantBytes(Fixtures.TENANT), salt, prefix);
    }
}
