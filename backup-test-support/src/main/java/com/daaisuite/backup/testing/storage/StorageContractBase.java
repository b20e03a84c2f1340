package com.daaisuite.backup.testing.storage;


import com.daaisuite.backup.core.spi.StorageBackend;
import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.core.spi.StorageObject;
import com.daaisuite.backup.core.spi.StorageUpload;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
/**
 * The hooks and helpers of {@link StorageBackendContract}, kept apart from its tests so that each part
 * of the contract stays readable. Extend {@link StorageBackendContract}, not this class.
 */
abstract class StorageContractBase {

    private static final String RUN = Long.toHexString(new SplittableRandom().nextLong() & 0xffffffffL);
    private static final java.util.concurrent.atomic.AtomicLong TENANTS = new java.util.concurrent.atomic.AtomicLong();

    /** Creates the suite; {@link StorageBackendContract} subclasses provide the backend. */
    StorageContractBase() {}

    // ------------------------------------------------------------------ hooks

    /**
     * The backend under test. Called at least once per test; may return the same instance every time.
     *
     * @return the backend
     */
    protected abstract StorageBackend backend();

    /**
     * Whether {@link StorageBackend#freeSpace(String)} answers for this store (a filesystem does, S3
     * does not).
     *
     * @return true if free space must be reported; false if it must be empty
     */
    protected boolean reportsFreeSpace() {
        return false;
    }

    /**
     * How far a reported {@link StorageObject#lastModified()} may lie outside the interval in which
     * the test uploaded the object: stores round times (S3 to the second) and may run on another clock.
     *
     * @return the tolerance; two seconds by default
     */
    protected Duration clockTolerance() {
        return Duration.ofSeconds(2);
    }

    /**
     * Size of the large upload streamed from a generator, in bytes.
     *
     * @return 20 MiB and a few odd bytes by default
     */
    protected long largeObjectSize() {
        return 20L * 1024 * 1024 + 4097;
    }

    /** @return writer threads in the concurrency test; 4 by default */
    protected int concurrentThreads() {
        return 4;
    }

    /** @return rounds in the concurrency test; 6 by default, 40 with {@code -Ddaai.thorough=true} */
    protected int concurrentRounds() {
        return Boolean.getBoolean("daai.thorough") ? 40 : 6;
    }

    // ------------------------------------------------------------------ helpers for subclasses

    /**
     * @return a tenant id no other test (in this run or an earlier one) has used
     */
    protected String newTenant() {
        return "ct-" + RUN + "-" + TENANTS.incrementAndGet();
    }

    /**
     * Deterministic pseudo-random bytes.
     *
     * @param seed the seed
     * @param size how many bytes
     * @return the bytes
     */
    protected static byte[] content(long seed, int size) {
        byte[] b = new byte[size];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    /**
     * Uploads and commits in one call.
     *
     * @param key where
     * @param bytes what
     * @return what commit returned
     * @throws IOException if the upload fails
     */
    protected StorageObject upload(StorageKey key, byte[] bytes) throws IOException {
        try (StorageUpload upload = backend().openUpload(key)) {
            upload.write(bytes);
            return upload.commit();
        }
    }

    /**
     * Reads a whole object.
     *
     * @param key the object
     * @return its bytes
     * @throws IOException if the read fails
     */
    protected byte[] read(StorageKey key) throws IOException {
        try (InputStream in = backend().openRead(key)) {
            return in.readAllBytes();
        }
    }

    /**
     * Lists a tenant's keys.
     *
     * @param tenantId the tenant
     * @return the keys of its committed objects
     * @throws IOException if the listing fails
     */
    protected Set<StorageKey> keys(String tenantId) throws IOException {
        return backend().list(tenantId).stream().map(StorageObject::key).collect(Collectors.toSet());
    }

    /** @return a fresh SHA-256 digest */
    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
