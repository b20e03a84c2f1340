package com.daaisuite.backup.testing.storage;

import com.daaisuite.backup.core.ObjectExistsException;
import com.daaisuite.backup.core.SnapshotNotFoundException;
import com.daaisuite.backup.core.StorageException;
import com.daaisuite.backup.core.spi.StorageBackend;
import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.core.spi.StorageObject;
import com.daaisuite.backup.core.spi.StorageUpload;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A thread-safe {@link StorageBackend} that keeps objects in memory: a <b>test double</b> for core's
 * tests, examples and demos, never for production data.
 *
 * <p>It is honest: it passes {@link StorageBackendContract} like any real backend. Uploads are
 * buffered privately and published with a create-only compare-and-set on commit, so nothing partial is
 * ever visible and two writers can never overwrite one object.
 *
 * <p>Beyond the SPI it offers test helpers, all safe to call concurrently with the backend's use:
 * <ul>
 *   <li>failure injection: {@link #failOn(Operation, int)} makes the n-th future call of an operation
 *       throw an {@link IOException}, and {@link #failWriteAfterBytes(long)} fails the write that takes
 *       an upload past a size (a write failure sticks to its upload, so its commit fails too);
 *   <li>a simulated disk: {@link #setCapacity(long)} bounds the stored bytes; {@link #freeSpace(String)}
 *       then reports what is left, and an upload that would exceed it fails like a full disk;
 *   <li>a controllable {@link Clock} for {@link StorageObject#lastModified()};
 *   <li>inspection and seeding: {@link #bytesOf(StorageKey)}, {@link #put(StorageKey, byte[], Instant)},
 *       {@link #overwrite(StorageKey, byte[])} (to simulate tampering or bit rot),
 *       {@link #openUploads()} (to assert that nothing was left half-written), counters of calls.
 * </ul>
 */
public final class InMemoryStorageBackend implements StorageBackend {

    /** Operations into which {@link #failOn(Operation, int)} can inject a failure. */
    public enum Operation {
        /** {@link StorageBackend#openUpload(StorageKey)}. */
        OPEN_UPLOAD,
        /** Any {@code write} call on an upload. */
        WRITE,
        /** {@link StorageUpload#commit()}; the object is then not stored. */
        COMMIT,
        /** {@link StorageBackend#openRead(StorageKey)}. */
        OPEN_READ,
        /** {@link StorageBackend#list(String)}. */
        LIST,
        /** {@link StorageBackend#delete(Collection)}; nothing is deleted. */
        DELETE
    }

    private record Stored(byte[] bytes, Instant lastModified) {}

    private static final AtomicLong INSTANCES = new AtomicLong();

    private final String name;
    /** Each instance is its own store, whatever its name: the process-wide lock must not join two. */
    private final String location = "memory:instance-" + INSTANCES.incrementAndGet();
    private final Map<StorageKey, Stored> objects = new ConcurrentHashMap<>();
    private final Map<Operation, AtomicInteger> calls = new EnumMap<>(Operation.class);
    private final Map<Operation, AtomicInteger> failAt = new EnumMap<>(Operation.class);
    private final AtomicInteger openUploads = new AtomicInteger();
    private final AtomicLong storedBytes = new AtomicLong();
    private final Object commitLock = new Object();
    private final AtomicLong failAfterBytes = new AtomicLong(-1);
    private volatile Clock clock;
    private volatile long capacity = -1;

    /** A backend named {@code memory:test} on the system clock. */
    public InMemoryStorageBackend() {
        this("test", Clock.systemUTC());
    }

    /**
     * @param name a name for {@link #describe()}, such as the test's
     * @param clock the clock that stamps commits
     */
    public InMemoryStorageBackend(String name, Clock clock) {
        this.name = Objects.requireNonNull(name, "name");
        this.clock = Objects.requireNonNull(clock, "clock");
        for (Operation op : Operation.values()) {
            calls.put(op, new AtomicInteger());
            failAt.put(op, new AtomicInteger());
        }
    }

    // ------------------------------------------------------------------ test helpers

    /**
     * Makes the {@code nth} call of {@code op}, counted from now on (1 = the next call), throw an
     * {@link IOException} whose message starts with "Injected failure". Replaces any failure
     * scheduled earlier for that operation; fires once.
     *
     * @param op the operation
     * @param nth which call, 1 or more
     * @return this backend
     */
    public InMemoryStorageBackend failOn(Operation op, int nth) {
        if (nth < 1) {
            throw new IllegalArgumentException("nth must be at least 1, was " + nth);
        }
        synchronized (failAt) {
            failAt.get(op).set(calls.get(op).get() + nth);
        }
        return this;
    }

    /**
     * Makes the next upload whose size would pass {@code bytes} fail at that write with an
     * {@link IOException} whose message starts with "Injected failure" (the failure sticks to that
     * upload). Independent of how callers chunk their writes, unlike {@code failOn(WRITE, n)}. Fires once.
     *
     * @param bytes bytes an upload may hold before the failing write; 0 fails the first non-empty write
     * @return this backend
     */
    public InMemoryStorageBackend failWriteAfterBytes(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must not be negative, was " + bytes);
        }
        failAfterBytes.set(bytes);
        return this;
    }

    /** Cancels every failure scheduled with {@link #failOn(Operation, int)} or {@link #failWriteAfterBytes(long)}. */
    public void clearFailures() {
        synchronized (failAt) {
            failAt.values().forEach(a -> a.set(0));
        }
        failAfterBytes.set(-1);
    }

    /**
     * Bounds the total stored bytes, like a disk of that size; {@link #freeSpace(String)} then reports
     * the bytes left. A negative value removes the bound (the default), and free space is then unknown.
     *
     * @param bytes the capacity
     * @return this backend
     */
    public InMemoryStorageBackend setCapacity(long bytes) {
        this.capacity = bytes < 0 ? -1 : bytes;
        return this;
    }

    /**
     * @param clock the clock that stamps later commits
     * @return this backend
     */
    public InMemoryStorageBackend setClock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /**
     * Stores an object directly, bypassing uploads (seeding listings in tests). Replaces any object
     * under the key.
     *
     * @param key where
     * @param bytes what; copied
     * @param lastModified the time listings report
     */
    public void put(StorageKey key, byte[] bytes, Instant lastModified) {
        byte[] copy = bytes.clone();
        Stored old = objects.put(key, new Stored(copy, Objects.requireNonNull(lastModified, "lastModified")));
        storedBytes.addAndGet(copy.length - (old == null ? 0 : old.bytes.length));
    }

    /**
     * Replaces an existing object's bytes, keeping its time: simulates tampering or bit rot.
     *
     * @param key the object
     * @param bytes the new content; copied
     * @throws IllegalArgumentException if there is no such object
     */
    public void overwrite(StorageKey key, byte[] bytes) {
        Stored old = objects.get(key);
        if (old == null) {
            throw new IllegalArgumentException("No object " + key + " to overwrite");
        }
        put(key, bytes, old.lastModified);
    }

    /**
     * @param key the object
     * @return a copy of its bytes, or empty if there is none
     */
    public Optional<byte[]> bytesOf(StorageKey key) {
        Stored s = objects.get(key);
        return s == null ? Optional.empty() : Optional.of(s.bytes.clone());
    }

    /** @return the number of committed objects, all tenants together */
    public int objectCount() {
        return objects.size();
    }

    /** @return the bytes stored, all tenants together */
    public long storedBytes() {
        return storedBytes.get();
    }

    /** @return uploads opened and neither committed nor aborted yet: zero after a clean run */
    public int openUploads() {
        return openUploads.get();
    }

    /**
     * @param op an operation
     * @return how many times it has been called on this backend (failed calls included)
     */
    public int callCount(Operation op) {
        return calls.get(op).get();
    }

    // ------------------------------------------------------------------ the SPI

    @Override
    public StorageUpload openUpload(StorageKey key) throws IOException {
        Objects.requireNonNull(key, "key");
        call(Operation.OPEN_UPLOAD, key.toString());
        openUploads.incrementAndGet();
        return new Upload(key);
    }

    @Override
    public InputStream openRead(StorageKey key) throws IOException {
        Objects.requireNonNull(key, "key");
        call(Operation.OPEN_READ, key.toString());
        Stored s = objects.get(key);
        if (s == null) {
            throw new SnapshotNotFoundException("No snapshot " + key + " in " + describe()
                    + "; list the tenant's snapshots to see the names that exist.");
        }
        // Stored arrays are never mutated (overwrite replaces them), so no copy is needed.
        return new ByteArrayInputStream(s.bytes);
    }

    @Override
    public List<StorageObject> list(String tenantId) throws IOException {
        StorageKey.requireValidTenantId(tenantId);
        call(Operation.LIST, tenantId);
        List<StorageObject> out = new ArrayList<>();
        objects.forEach((k, v) -> {
            if (k.tenantId().equals(tenantId)) {
                out.add(new StorageObject(k, v.bytes.length, v.lastModified));
            }
        });
        return out;
    }

    @Override
    public void delete(Collection<StorageKey> keys) throws IOException {
        call(Operation.DELETE, keys.size() + " objects");
        for (StorageKey key : keys) {
            Stored old = objects.remove(key);
            if (old != null) {
                storedBytes.addAndGet(-old.bytes.length);
            }
        }
    }

    @Override
    public OptionalLong freeSpace(String tenantId) {
        StorageKey.requireValidTenantId(tenantId);
        long cap = capacity;
        return cap < 0 ? OptionalLong.empty() : OptionalLong.of(Math.max(0, cap - storedBytes.get()));
    }

    @Override
    public String describe() {
        return "memory:" + name;
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public String toString() {
        return describe();
    }

    private void call(Operation op, String what) throws IOException {
        int n = calls.get(op).incrementAndGet();
        synchronized (failAt) {
            AtomicInteger at = failAt.get(op);
            if (at.get() == n) {
                at.set(0);
                throw new IOException("Injected failure of " + op + " (call " + n + ") on " + what
                        + " in " + describe());
            }
        }
    }

    private final class Upload extends StorageUpload {
        private final StorageKey key;
        private ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private boolean finished;
        private IOException failure;

        Upload(StorageKey key) {
            this.key = key;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            ensureWritable();
            try {
                call(Operation.WRITE, key.toString());
            } catch (IOException e) {
                failure = e;
                throw e;
            }
            long limit = failAfterBytes.get();
            if (limit >= 0 && len > 0 && buffer.size() + len > limit && failAfterBytes.compareAndSet(limit, -1)) {
                failure = new IOException("Injected failure of WRITE after " + buffer.size() + " bytes of " + key
                        + " in " + describe());
                throw failure;
            }
            long cap = capacity;
            if (cap >= 0 && storedBytes.get() + buffer.size() + len > cap) {
                failure = new IOException("No space left: writing " + key + " to " + describe()
                        + " would exceed its capacity of " + cap + " bytes; free space or raise the capacity.");
                throw failure;
            }
            buffer.write(b, off, len);
        }

        private void ensureWritable() throws IOException {
            if (finished) {
                throw new IOException("The upload of " + key + " is already committed or aborted; open a new upload.");
            }
            if (failure != null) {
                throw new IOException("The upload of " + key + " failed earlier; abort it and start again.", failure);
            }
        }

        @Override
        public StorageObject commit() throws IOException {
            ensureWritable();
            byte[] bytes = buffer.toByteArray();
            try {
                call(Operation.COMMIT, key.toString());
                Stored stored = new Stored(bytes, clock.instant());
                // One lock makes the capacity check and the create-only publish a single step.
                synchronized (commitLock) {
                    long cap = capacity;
                    if (cap >= 0 && storedBytes.get() + bytes.length > cap) {
                        throw new StorageException("No space left: committing " + key + " to " + describe()
                                + " would exceed its capacity of " + cap + " bytes; free space or raise the capacity.");
                    }
                    if (objects.putIfAbsent(key, stored) != null) {
                        throw new ObjectExistsException("An object " + key + " already exists in " + describe()
                                + "; nothing was overwritten and this upload was discarded. Choose another name.");
                    }
                    storedBytes.addAndGet(bytes.length);
                }
                return new StorageObject(key, bytes.length, stored.lastModified);
            } finally {
                finish();
            }
        }

        @Override
        public void abort() {
            finish();
        }

        @Override
        public void close() {
            finish();
        }

        private void finish() {
            if (!finished) {
                finished = true;
                buffer = new ByteArrayOutputStream(0);
                openUploads.decrementAndGet();
            }
        }

        @Override
        public String toString() {
            return "upload of " + key + " to " + describe();
        }
    }
}
