package com.daaisuite.backup.testing.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.daaisuite.backup.core.InvalidNameException;
import com.daaisuite.backup.core.ObjectExistsException;
import com.daaisuite.backup.core.SnapshotNotFoundException;
import com.daaisuite.backup.core.spi.StorageBackend;
import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.core.spi.StorageObject;
import com.daaisuite.backup.core.spi.StorageUpload;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link StorageBackend} must have, as an abstract JUnit 5 suite. A backend module
 * has exactly one test class that extends it and implements {@link #backend()}; capability hooks
 * with defaults describe what the store can do (free space, timestamp precision) and scale the
 * heavier tests.
 *
 * <p>The suite assumes nothing about how the store works: it only uses the SPI. Each test works in
 * its own freshly named tenant ({@link #newTenant()}), so one backend instance (and one bucket or
 * directory) may serve the whole class, and objects left by other tests or earlier runs never
 * interfere. The suite never closes the backend.
 *
 * <p>Test methods are public so that a backend whose store genuinely cannot meet one may override
 * it (for example with {@code @Disabled("why")}); say why in the override.
 *
 * <pre>{@code
 * class MyBackendTest extends StorageBackendContract {
 *     static final StorageBackend BACKEND = FileSystemStorageBackend.at(Path.of("target/contract"));
 *     @Override protected StorageBackend backend() { return BACKEND; }
 *     @Override protected boolean reportsFreeSpace() { return true; }
 * }
 * }</pre>
 */
public abstract class StorageBackendContract {

    private static final String RUN = Long.toHexString(new SplittableRandom().nextLong() & 0xffffffffL);
    private static final java.util.concurrent.atomic.AtomicLong TENANTS = new java.util.concurrent.atomic.AtomicLong();

    /** Creates the suite; subclasses provide the backend. */
    protected StorageBackendContract() {}

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

    // ------------------------------------------------------------------ visibility

    /** Bytes written, even flushed, are neither listed nor readable before commit. */
    @Test
    public void anUploadIsInvisibleUntilItIsCommitted() throws IOException {
        String tenant = newTenant();
        StorageKey key = StorageKey.of(tenant, "pending.gz.enc");
        byte[] bytes = content(1, 10_000);
        try (StorageUpload upload = backend().openUpload(key)) {
            upload.write(bytes);
            upload.flush();

            assertThat(backend().list(tenant)).isEmpty();
            assertThatThrownBy(() -> backend().openRead(key)).isInstanceOf(SnapshotNotFoundException.class);

            upload.commit();
        }
        assertThat(keys(tenant)).containsExactly(key);
    }

    /** Commit publishes exactly the bytes written and reports their key, size and time. */
    @Test
    public void commitMakesTheExactBytesAndSizeVisible() throws IOException {
        String tenant = newTenant();
        StorageKey key = StorageKey.of(tenant, "daily_20260101T010000Z.gz.enc");
        byte[] bytes = content(2, 123_457);
        Instant before = Instant.now();

        StorageObject committed = upload(key, bytes);

        Instant after = Instant.now();
        assertThat(committed.key()).isEqualTo(key);
        assertThat(committed.size()).isEqualTo(bytes.length);
        assertThat(committed.lastModified()).isBetween(before.minus(clockTolerance()), after.plus(clockTolerance()));
        assertThat(read(key)).isEqualTo(bytes);
        assertThat(backend().list(tenant)).singleElement().satisfies(o -> {
            assertThat(o.key()).isEqualTo(key);
            assertThat(o.size()).isEqualTo(bytes.length);
        });
    }

    /** Reads are repeatable, and two open readers of one object do not disturb each other. */
    @Test
    public void anObjectCanBeReadManyTimesAndByInterleavedReaders() throws IOException {
        StorageKey key = StorageKey.of(newTenant(), "twice.bin");
        byte[] bytes = content(3, 70_001);
        upload(key, bytes);

        ByteArrayOutputStream first = new ByteArrayOutputStream();
        ByteArrayOutputStream second = new ByteArrayOutputStream();
        try (InputStream a = backend().openRead(key); InputStream b = backend().openRead(key)) {
            byte[] buf = new byte[4099];
            int n;
            while ((n = a.read(buf)) >= 0) {
                first.write(buf, 0, n);
                int m = b.read(buf);
                if (m > 0) {
                    second.write(buf, 0, m);
                }
            }
            second.write(b.readAllBytes());
        }
        assertThat(first.toByteArray()).isEqualTo(bytes);
        assertThat(second.toByteArray()).isEqualTo(bytes);
        assertThat(read(key)).isEqualTo(bytes);
    }

    /** {@code InputStream.read()} returns bytes as 0 to 255, then -1 at the end, repeatedly. */
    @Test
    public void singleByteReadsReturnUnsignedValuesThenMinusOne() throws IOException {
        StorageKey key = StorageKey.of(newTenant(), "unsigned.bin");
        byte[] bytes = {0, 1, 127, (byte) 128, (byte) 255};
        upload(key, bytes);

        try (InputStream in = backend().openRead(key)) {
            assertThat(new int[] {in.read(), in.read(), in.read(), in.read(), in.read(), in.read(), in.read()})
                    .containsExactly(0, 1, 127, 128, 255, -1, -1);
        }
    }

    // ------------------------------------------------------------------ abort and close

    /** Abort discards the upload: nothing is listed or readable. */
    @Test
    public void abortLeavesNothingListedAndNothingReadable() throws IOException {
        String tenant = newTenant();
        StorageKey key = StorageKey.of(tenant, "aborted.gz.enc");
        StorageUpload upload = backend().openUpload(key);
        upload.write(content(4, 50_000));

        upload.abort();

        assertThat(backend().list(tenant)).isEmpty();
        assertThatThrownBy(() -> backend().openRead(key)).isInstanceOf(SnapshotNotFoundException.class);
    }

    /** Closing an upload that was not committed aborts it. */
    @Test
    public void closeWithoutCommitLeavesNothingListedAndNothingReadable() throws IOException {
        String tenant = newTenant();
        StorageKey key = StorageKey.of(tenant, "closed.gz.enc");
        try (StorageUpload upload = backend().openUpload(key)) {
            upload.write(content(5, 50_000));
        }

        assertThat(backend().list(tenant)).isEmpty();
        assertThatThrownBy(() -> backend().openRead(key)).isInstanceOf(SnapshotNotFoundException.class);
    }

    /** Abort and close may be called any number of times, in any order, without throwing. */
    @Test
    public void abortAndCloseAreIdempotent() throws IOException {
        StorageKey key = StorageKey.of(newTenant(), "idempotent.bin");
        StorageUpload upload = backend().openUpload(key);
        upload.write(1);

        assertThatCode(() -> {
            upload.abort();
            upload.abort();
            upload.close();
            upload.close();
        }).doesNotThrowAnyException();
        assertThat(keys(key.tenantId())).isEmpty();
    }

    /** An aborted upload leaves nothing that blocks a new upload of the same key. */
    @Test
    public void anAbortedKeyCanBeUploadedAfresh() throws IOException {
        StorageKey key = StorageKey.of(newTenant(), "retry.bin");
        try (StorageUpload upload = backend().openUpload(key)) {
            upload.write(content(6, 1000));
            upload.abort();
        }
        byte[] bytes = content(7, 2000);

        upload(key, bytes);

        assertThat(read(key)).isEqualTo(bytes);
    }

    /** Abort and close after a commit do nothing: the object stays. */
    @Test
    public void abortAndCloseAfterCommitKeepTheObject() throws IOException {
        StorageKey key = StorageKey.of(newTenant(), "kept.bin");
        byte[] bytes = content(8, 3000);
        StorageUpload upload = backend().openUpload(key);
        upload.write(bytes);
        upload.commit();

        assertThatCode(() -> {
            upload.abort();
            upload.close();
        }).doesNotThrowAnyException();
        assertThat(read(key)).isEqualTo(bytes);
    }

    /** A finished upload refuses further writes with an {@link IOException}. */
    @Test
    public void writingAfterAbortOrCommitFails() throws IOException {
        String tenant = newTenant();
        StorageUpload aborted = backend().openUpload(StorageKey.of(tenant, "a.bin"));
        aborted.abort();
        StorageUpload committed = backend().openUpload(StorageKey.of(tenant, "c.bin"));
        committed.write(1);
        committed.commit();

        assertThatThrownBy(() -> aborted.write(new byte[10])).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> committed.write(2)).isInstanceOf(IOException.class);
        assertThat(read(StorageKey.of(tenant, "c.bin"))).containsExactly(1);
        assertThat(keys(tenant)).containsExactly(StorageKey.of(tenant, "c.bin"));
    }

    // ------------------------------------------------------------------ create-only

    /**
     * Uploads are create-only: committing over an existing object throws {@link ObjectExistsException} naming the file, and the original is untouched.
     */
    @Test
    public void commitOnAnExistingKeyThrowsObjectExistsAndLeavesTheOriginalUntouched() throws IOException {
        String tenant = newTenant();
        StorageKey key = StorageKey.of(tenant, "once.gz.enc");
        byte[] original = content(9, 5000);
        upload(key, original);

        StorageUpload second = backend().openUpload(key);
        second.write(content(10, 7000));
        assertThatThrownBy(second::commit).isInstanceOf(ObjectExistsException.class)
                .hasMessageContaining("once.gz.enc");
        assertThatCode(second::close).doesNotThrowAnyException();

        assertThat(read(key)).isEqualTo(original);
        assertThat(backend().list(tenant)).singleElement()
                .satisfies(o -> assertThat(o.size()).isEqualTo(original.length));
    }

    /**
     * Of two uploads open at once on one key, the first to commit wins; the other gets {@link ObjectExistsException}.
     */
    @Test
    public void ofTwoUploadsOpenedTogetherOnOneKeyTheFirstCommitWins() throws IOException {
        String tenant = newTenant();
        StorageKey key = StorageKey.of(tenant, "race.bin");
        byte[] first = content(11, 4000);
        byte[] second = content(12, 4001);
        try (StorageUpload a = backend().openUpload(key); StorageUpload b = backend().openUpload(key)) {
            a.write(first);
            b.write(second);

            a.commit();
            assertThatThrownBy(b::commit).isInstanceOf(ObjectExistsException.class);
        }
        assertThat(read(key)).isEqualTo(first);
        assertThat(keys(tenant)).containsExactly(key);
    }

    // ------------------------------------------------------------------ sizes and chunking

    /** An upload with no bytes stores an empty object, listed with size zero. */
    @Test
    public void anEmptyObjectCanBeStoredListedAndRead() throws IOException {
        String tenant = newTenant();
        StorageKey key = StorageKey.of(tenant, "empty.bin");

        StorageObject committed;
        try (StorageUpload upload = backend().openUpload(key)) {
            committed = upload.commit();
        }

        assertThat(committed.size()).isZero();
        assertThat(read(key)).isEmpty();
        assertThat(backend().list(tenant)).singleElement().satisfies(o -> assertThat(o.size()).isZero());
    }

    /** {@code write(int)} stores the low eight bits, as {@link java.io.OutputStream} specifies. */
    @Test
    public void singleByteWritesKeepOnlyTheLowEightBits() throws IOException {
        StorageKey key = StorageKey.of(newTenant(), "bytes.bin");
        byte[] bytes = content(13, 3001);
        try (StorageUpload upload = backend().openUpload(key)) {
            for (int i = 0; i < bytes.length; i++) {
                // Per OutputStream.write(int), the 24 high-order bits are ignored.
                upload.write((bytes[i] & 0xff) | (i << 8));
            }
            upload.commit();
        }
        assertThat(read(key)).isEqualTo(bytes);
    }

    /**
     * {@code write(byte[], off, len)} honours the offset and length, for chunks of any size (zero included).
     */
    @Test
    public void writesOfOddChunksAtOddOffsetsAreStoredInOrder() throws IOException {
        StorageKey key = StorageKey.of(newTenant(), "odd.bin");
        byte[] bytes = content(14, 1 + 3 + 7 + 8191 + 65_537 + 131_071 + 2);
        int[] chunks = {1, 3, 7, 8191, 65_537, 131_071, 2};
        try (StorageUpload upload = backend().openUpload(key)) {
            int off = 0;
            for (int c : chunks) {
                // Copy into a larger array at an odd offset so that implementations ignoring off fail.
                byte[] padded = new byte[c + 13];
                System.arraycopy(bytes, off, padded, 5, c);
                upload.write(padded, 5, c);
                upload.write(padded, 0, 0);
                off += c;
            }
            upload.commit();
        }
        assertThat(read(key)).isEqualTo(bytes);
    }

    /**
     * Random mixes of chunk sizes read back identically; the seed is printed on failure ({@code -Ddaai.seed} replays it).
     */
    @Test
    public void randomChunkingsReadBackIdentically() throws IOException {
        long seed = Long.getLong("daai.seed", System.nanoTime());
        int cases = Boolean.getBoolean("daai.thorough") ? 40 : 6;
        SplittableRandom random = new SplittableRandom(seed);
        String tenant = newTenant();
        for (int i = 0; i < cases; i++) {
            int size = random.nextInt(300_000);
            byte[] bytes = content(random.nextLong(), size);
            StorageKey key = StorageKey.of(tenant, "random-" + i + ".bin");
            try (StorageUpload upload = backend().openUpload(key)) {
                int off = 0;
                while (off < size) {
                    int n = Math.min(size - off, random.nextInt(3) == 0 ? 1 + random.nextInt(16) : 1 + random.nextInt(70_000));
                    if (n == 1 && random.nextBoolean()) {
                        upload.write(bytes[off]);
                    } else {
                        upload.write(bytes, off, n);
                    }
                    off += n;
                }
                upload.commit();
            }
            assertThat(read(key)).as("case %d of seed %d (rerun with -Ddaai.seed=%d)", i, seed, seed).isEqualTo(bytes);
        }
    }

    /**
     * A large upload ({@link #largeObjectSize()}) streamed from a generator reads back with the same digest and size.
     */
    @Test
    public void aLargeUploadStreamedFromAGeneratorReadsBackIdentically() throws IOException {
        StorageKey key = StorageKey.of(newTenant(), "large.gz.enc");
        long size = largeObjectSize();
        SplittableRandom random = new SplittableRandom(15);
        MessageDigest written = sha256();
        byte[] chunk = new byte[65_536 + 17];
        try (StorageUpload upload = backend().openUpload(key)) {
            long left = size;
            while (left > 0) {
                int n = (int) Math.min(left, 1 + random.nextInt(chunk.length));
                random.nextBytes(chunk);
                written.update(chunk, 0, n);
                upload.write(chunk, 0, n);
                left -= n;
            }
            assertThat(upload.commit().size()).isEqualTo(size);
        }

        MessageDigest read = sha256();
        long count = 0;
        try (InputStream in = backend().openRead(key)) {
            byte[] buf = new byte[50_000];
            int n;
            while ((n = in.read(buf)) >= 0) {
                read.update(buf, 0, n);
                count += n;
            }
        }
        assertThat(count).isEqualTo(size);
        assertThat(read.digest()).isEqualTo(written.digest());
        assertThat(backend().list(key.tenantId())).singleElement().satisfies(o -> assertThat(o.size()).isEqualTo(size));
    }

    // ------------------------------------------------------------------ listing and tenants

    /**
     * A listing holds the tenant's committed objects only, with their sizes and times; other tenants' objects and uploads in progress are absent.
     */
    @Test
    public void listReturnsOnlyTheTenantsCommittedObjectsWithSizesAndTimes() throws IOException {
        String tenant = newTenant();
        String other = newTenant();
        Instant before = Instant.now();
        StorageKey a = StorageKey.of(tenant, "a_20260101T000000Z.gz.enc");
        StorageKey b = StorageKey.of(tenant, "b_20260102T000000Z.gz");
        upload(a, content(16, 100));
        upload(b, content(17, 2_000));
        upload(StorageKey.of(other, "c.bin"), content(18, 300));
        StorageUpload pending = backend().openUpload(StorageKey.of(tenant, "pending.bin"));
        pending.write(content(19, 400));
        Instant after = Instant.now();
        try {
            List<StorageObject> listed = backend().list(tenant);

            assertThat(listed).extracting(StorageObject::key).containsExactlyInAnyOrder(a, b);
            assertThat(listed).filteredOn(o -> o.key().equals(a)).singleElement()
                    .satisfies(o -> assertThat(o.size()).isEqualTo(100));
            assertThat(listed).filteredOn(o -> o.key().equals(b)).singleElement()
                    .satisfies(o -> assertThat(o.size()).isEqualTo(2_000));
            assertThat(listed).allSatisfy(o -> assertThat(o.lastModified())
                    .isBetween(before.minus(clockTolerance()), after.plus(clockTolerance())));
        } finally {
            pending.abort();
        }
    }

    /** A tenant that never stored anything has an empty listing, not an error. */
    @Test
    public void anUnknownTenantHasAnEmptyListing() throws IOException {
        assertThat(backend().list(newTenant())).isEmpty();
    }

    /** Listing validates the tenant id and refuses unsafe ones with {@link InvalidNameException}. */
    @Test
    public void listingAnInvalidTenantIdIsRefused() {
        assertThatThrownBy(() -> backend().list("../etc")).isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> backend().list("")).isInstanceOf(InvalidNameException.class);
    }

    /** Equal file names in two tenants are two distinct objects; deleting one leaves the other. */
    @Test
    public void tenantsAreIsolatedEvenWithTheSameFileName() throws IOException {
        String one = newTenant();
        String two = newTenant();
        byte[] first = content(20, 1000);
        byte[] second = content(21, 1001);
        upload(StorageKey.of(one, "same.gz.enc"), first);
        upload(StorageKey.of(two, "same.gz.enc"), second);

        assertThat(read(StorageKey.of(one, "same.gz.enc"))).isEqualTo(first);
        assertThat(read(StorageKey.of(two, "same.gz.enc"))).isEqualTo(second);

        backend().delete(List.of(StorageKey.of(one, "same.gz.enc")));

        assertThat(backend().list(one)).isEmpty();
        assertThat(read(StorageKey.of(two, "same.gz.enc"))).isEqualTo(second);
    }

    /**
     * Reading a missing object throws {@link SnapshotNotFoundException} naming the file, whether or not the tenant exists.
     */
    @Test
    public void readingAMissingObjectThrowsSnapshotNotFound() throws IOException {
        String tenant = newTenant();
        assertThatThrownBy(() -> backend().openRead(StorageKey.of(tenant, "missing.gz.enc")))
                .isInstanceOf(SnapshotNotFoundException.class);
        upload(StorageKey.of(tenant, "present.bin"), new byte[] {1});
        assertThatThrownBy(() -> backend().openRead(StorageKey.of(tenant, "missing.gz.enc")))
                .isInstanceOf(SnapshotNotFoundException.class)
                .hasMessageContaining("missing.gz.enc");
    }

    // ------------------------------------------------------------------ delete

    /** Delete removes the named objects and no others. */
    @Test
    public void deleteRemovesExactlyTheNamedObjects() throws IOException {
        String tenant = newTenant();
        List<StorageKey> all = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            StorageKey key = StorageKey.of(tenant, "obj-" + i + ".bin");
            upload(key, content(30 + i, 10 + i));
            all.add(key);
        }

        backend().delete(List.of(all.get(0), all.get(2), all.get(4)));

        assertThat(keys(tenant)).containsExactlyInAnyOrder(all.get(1), all.get(3));
        assertThatThrownBy(() -> backend().openRead(all.get(2))).isInstanceOf(SnapshotNotFoundException.class);
        assertThat(read(all.get(3))).isEqualTo(content(33, 13));
    }

    /** Deleting missing objects, or nothing, succeeds silently. */
    @Test
    public void deletingMissingObjectsIsIgnored() throws IOException {
        String tenant = newTenant();
        StorageKey present = StorageKey.of(tenant, "present.bin");
        upload(present, content(40, 10));

        assertThatCode(() -> backend().delete(List.of(
                StorageKey.of(tenant, "missing.bin"), StorageKey.of(newTenant(), "missing.bin"))))
                .doesNotThrowAnyException();
        assertThatCode(() -> backend().delete(List.of())).doesNotThrowAnyException();
        assertThat(keys(tenant)).containsExactly(present);
    }

    /** A deleted key can be uploaded again. */
    @Test
    public void aDeletedKeyCanBeUploadedAgain() throws IOException {
        StorageKey key = StorageKey.of(newTenant(), "again.bin");
        upload(key, content(41, 10));
        backend().delete(List.of(key));
        byte[] bytes = content(42, 20);

        upload(key, bytes);

        assertThat(read(key)).isEqualTo(bytes);
    }

    // ------------------------------------------------------------------ free space and description

    /** Free space is reported (and not negative) exactly when {@link #reportsFreeSpace()} says so. */
    @Test
    public void freeSpaceIsReportedExactlyWhenTheStoreKnowsIt() throws IOException {
        String tenant = newTenant();
        OptionalLong unknownTenant = backend().freeSpace(tenant);
        upload(StorageKey.of(tenant, "x.bin"), content(43, 10));
        OptionalLong knownTenant = backend().freeSpace(tenant);

        if (reportsFreeSpace()) {
            assertThat(unknownTenant).isPresent();
            assertThat(unknownTenant.getAsLong()).isNotNegative();
            assertThat(knownTenant).isPresent();
            assertThat(knownTenant.getAsLong()).isNotNegative();
        } else {
            assertThat(unknownTenant).isEmpty();
            assertThat(knownTenant).isEmpty();
        }
    }

    /** {@link StorageBackend#describe()} says something. */
    @Test
    public void describeIsNonEmpty() {
        assertThat(backend().describe()).isNotBlank();
    }

    // ------------------------------------------------------------------ concurrency

    /**
     * Several threads upload, commit, read, list and delete at once, on shared and own keys: each shared key has exactly one winner whose bytes are stored whole, listings never show a torn size or an unwritten key, and the final listing is exactly what was committed and not deleted.
     */
    @Test
    public void concurrentWritersHaveExactlyOneWinnerPerKeyAndNoObjectIsEverTorn() throws Exception {
        StorageBackend backend = backend();
        String tenant = newTenant();
        int threads = concurrentThreads();
        int rounds = concurrentRounds();
        // Every content any writer may have committed under a key; a listed size or a read that
        // matches none of them is a torn or foreign object.
        Map<StorageKey, Map<Integer, byte[]>> candidates = new ConcurrentHashMap<>();
        Map<StorageKey, List<Integer>> winners = new ConcurrentHashMap<>();
        Set<StorageKey> deleted = ConcurrentHashMap.newKeySet();
        CyclicBarrier barrier = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int me = t;
                futures.add(pool.submit(() -> {
                    try {
                        for (int r = 0; r < rounds; r++) {
                            StorageKey shared = StorageKey.of(tenant, "shared-" + r + ".bin");
                            // Distinct lengths per writer in a round, so a size identifies its writer.
                            byte[] mine = content(me * 1000L + r, 1000 + me * 997 + r * 31);
                            candidates.computeIfAbsent(shared, k -> new ConcurrentHashMap<>()).put(me, mine);
                            barrier.await(60, TimeUnit.SECONDS);

                            try (StorageUpload upload = backend.openUpload(shared)) {
                                upload.write(mine, 0, mine.length / 2);
                                upload.write(mine, mine.length / 2, mine.length - mine.length / 2);
                                upload.commit();
                                winners.computeIfAbsent(shared, k -> new CopyOnWriteArrayList<>()).add(me);
                            } catch (ObjectExistsException lost) {
                                // Expected for all writers but one.
                            }

                            StorageKey own = StorageKey.of(tenant, "own-" + me + "-" + r + ".bin");
                            byte[] ownBytes = content(-(me * 1000L + r), 500 + r);
                            candidates.computeIfAbsent(own, k -> new ConcurrentHashMap<>()).put(me, ownBytes);
                            upload(own, ownBytes);
                            assertThat(read(own)).isEqualTo(ownBytes);

                            for (StorageObject o : backend.list(tenant)) {
                                Map<Integer, byte[]> possible = candidates.get(o.key());
                                assertThat(possible).as("listed %s was never written", o.key()).isNotNull();
                                assertThat(possible.values().stream().mapToLong(b -> b.length).boxed())
                                        .as("size of %s", o.key()).contains(o.size());
                            }

                            if (r > 0) {
                                // Every writer finished round r-1 before the barrier, so the
                                // neighbour's old key is complete; deleting it twice must be harmless.
                                StorageKey neighbours = StorageKey.of(tenant,
                                        "own-" + ((me + 1) % threads) + "-" + (r - 1) + ".bin");
                                backend.delete(List.of(neighbours));
                                backend.delete(List.of(neighbours));
                                deleted.add(neighbours);
                            }
                        }
                        return null;
                    } catch (Exception | Error e) {
                        barrier.reset();
                        throw e;
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }

        Set<StorageKey> expected = new HashSet<>();
        for (int r = 0; r < rounds; r++) {
            StorageKey shared = StorageKey.of(tenant, "shared-" + r + ".bin");
            assertThat(winners.get(shared)).as("winners of %s", shared).hasSize(1);
            assertThat(read(shared)).isEqualTo(candidates.get(shared).get(winners.get(shared).get(0)));
            expected.add(shared);
            for (int t = 0; t < threads; t++) {
                StorageKey own = StorageKey.of(tenant, "own-" + t + "-" + r + ".bin");
                if (!deleted.contains(own)) {
                    expected.add(own);
                    assertThat(read(own)).isEqualTo(candidates.get(own).get(t));
                }
            }
        }
        assertThat(keys(tenant)).isEqualTo(expected);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
