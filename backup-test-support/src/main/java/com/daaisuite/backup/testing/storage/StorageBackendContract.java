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
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
public abstract class StorageBackendContract extends StorageWriteContract {

    /** Creates the suite; subclasses provide the backend. */
    protected StorageBackendContract() {}

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
}
