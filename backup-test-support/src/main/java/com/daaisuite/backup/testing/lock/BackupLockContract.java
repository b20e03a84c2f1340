package com.daaisuite.backup.testing.lock;

import static org.assertj.core.api.Assertions.assertThat;

import com.daaisuite.backup.core.spi.BackupLock;
import com.daaisuite.backup.core.spi.Lease;
import com.daaisuite.backup.time.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link BackupLock} must have, as tests (in the manner of ShedLock's
 * provider suite). A lock's module has exactly one test class that extends this.
 *
 * <p>Time is a {@link MutableClock} the tests move: {@link #createLock(Clock)} must build a lock that
 * reads expiry from that clock. {@link #anotherNode(BackupLock, Clock)} returns a second handle on the
 * same lock store, as another node would build it (the in-JVM lock returns the same instance).
 */
public abstract class BackupLockContract {
    private static final AtomicInteger TENANTS = new AtomicInteger();
    /** Long enough never to expire unless a test moves the clock. */
    protected static final Duration TTL = Duration.ofMinutes(5);

    /** The clock of the current test; starts at 2026-01-01T00:00:00Z. */
    protected MutableClock clock;
    private BackupLock lock;

    /**
     * @param clock the clock that decides expiry
     * @return a lock on a store shared by every handle of this test
     * @throws Exception if it cannot be created
     */
    protected abstract BackupLock createLock(Clock clock) throws Exception;

    /**
     * @param first the lock from {@link #createLock(Clock)}
     * @param clock the same clock
     * @return another node's handle on the same store
     * @throws Exception if it cannot be created
     */
    protected BackupLock anotherNode(BackupLock first, Clock clock) throws Exception {
        return first;
    }

    /** @return a tenant id unused by earlier tests */
    protected String tenant() {
        return "lock-tenant-" + TENANTS.incrementAndGet();
    }

    @BeforeEach
    void createTheLock() throws Exception {
        clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        lock = createLock(clock);
    }

    /** @return the lock of the current test */
    protected BackupLock lock() {
        return lock;
    }

    @Test
    public void theFirstOwnerGetsTheLeaseAndEveryOtherGetsEmpty() throws Exception {
        String t = tenant();
        Optional<Lease> first = lock.tryAcquire(t, "node-a", TTL);
        assertThat(first).isPresent();
        assertThat(first.get().tenantId()).isEqualTo(t);
        assertThat(lock.tryAcquire(t, "node-b", TTL)).isEmpty();
        assertThat(anotherNode(lock, clock).tryAcquire(t, "node-c", TTL)).isEmpty();
        assertThat(lock.tryAcquire(t, "node-a", TTL)).as("not re-entrant, even for the same owner").isEmpty();
    }

    @Test
    public void differentTenantsAreLockedIndependently() {
        assertThat(lock.tryAcquire(tenant(), "node-a", TTL)).isPresent();
        assertThat(lock.tryAcquire(tenant(), "node-a", TTL)).isPresent();
    }

    @Test
    public void theLeaseExpiresAfterItsTtl() {
        Lease l = lock.tryAcquire(tenant(), "node-a", Duration.ofSeconds(30)).orElseThrow();
        assertThat(l.expiresAt()).isEqualTo(clock.instant().plusSeconds(30));
    }

    @Test
    public void afterExpiryAnotherOwnerGetsTheLeaseWithAHigherFencingToken() throws Exception {
        String t = tenant();
        Lease first = lock.tryAcquire(t, "node-a", Duration.ofSeconds(30)).orElseThrow();
        clock.advance(Duration.ofSeconds(29));
        assertThat(anotherNode(lock, clock).tryAcquire(t, "node-b", TTL)).as("not yet expired").isEmpty();
        clock.advance(Duration.ofSeconds(2));
        Lease second = anotherNode(lock, clock).tryAcquire(t, "node-b", TTL).orElseThrow();
        assertThat(second.fencingToken()).isGreaterThan(first.fencingToken());
    }

    @Test
    public void fencingTokensGrowWithEveryAcquisition() {
        String t = tenant();
        long previous = Long.MIN_VALUE;
        for (int i = 0; i < 5; i++) {
            Lease l = lock.tryAcquire(t, "node-" + i, TTL).orElseThrow();
            assertThat(l.fencingToken()).isGreaterThan(previous);
            previous = l.fencingToken();
            l.release();
        }
    }

    @Test
    public void renewingKeepsTheLeaseBeyondItsFirstTtl() throws Exception {
        String t = tenant();
        Lease l = lock.tryAcquire(t, "node-a", Duration.ofSeconds(30)).orElseThrow();
        clock.advance(Duration.ofSeconds(20));
        assertThat(l.renew(Duration.ofSeconds(30))).isTrue();
        assertThat(l.expiresAt()).isEqualTo(clock.instant().plusSeconds(30));
        clock.advance(Duration.ofSeconds(20));
        assertThat(anotherNode(lock, clock).tryAcquire(t, "node-b", TTL)).as("40 s after acquiring, renewed at 20 s").isEmpty();
    }

    @Test
    public void releaseLetsAnotherOwnerAcquireAtOnce() throws Exception {
        String t = tenant();
        Lease l = lock.tryAcquire(t, "node-a", TTL).orElseThrow();
        l.release();
        assertThat(anotherNode(lock, clock).tryAcquire(t, "node-b", TTL)).isPresent();
    }

    @Test
    public void releaseIsIdempotentAndNeverReleasesAnotherOwnersLease() throws Exception {
        String t = tenant();
        Lease first = lock.tryAcquire(t, "node-a", Duration.ofSeconds(10)).orElseThrow();
        first.release();
        first.release();
        Lease second = anotherNode(lock, clock).tryAcquire(t, "node-b", TTL).orElseThrow();
        first.release();
        first.close();
        assertThat(lock.tryAcquire(t, "node-c", TTL)).as("node-b still holds it").isEmpty();
        assertThat(second.renew(TTL)).isTrue();
    }

    @Test
    public void aLostLeaseCannotBeRenewedAndItsReleaseChangesNothing() throws Exception {
        String t = tenant();
        Lease first = lock.tryAcquire(t, "node-a", Duration.ofSeconds(10)).orElseThrow();
        clock.advance(Duration.ofSeconds(11));
        Lease second = anotherNode(lock, clock).tryAcquire(t, "node-b", TTL).orElseThrow();
        assertThat(first.renew(TTL)).isFalse();
        first.release();
        assertThat(lock.tryAcquire(t, "node-c", TTL)).isEmpty();
        assertThat(second.renew(TTL)).isTrue();
    }

    @Test
    public void onlyTheHolderCanRenew() throws Exception {
        String t = tenant();
        Lease first = lock.tryAcquire(t, "node-a", Duration.ofSeconds(10)).orElseThrow();
        first.release();
        Lease second = anotherNode(lock, clock).tryAcquire(t, "node-b", TTL).orElseThrow();
        assertThat(first.renew(TTL)).as("a released lease").isFalse();
        assertThat(second.renew(TTL)).isTrue();
    }

    @Test
    public void contendingThreadsNeverHoldOneTenantsLeaseAtTheSameTime() throws Exception {
        String t = tenant();
        int threads = 6;
        int rounds = Boolean.getBoolean("daai.thorough") ? 2_000 : 150;
        AtomicInteger holders = new AtomicInteger();
        AtomicInteger maxHolders = new AtomicInteger();
        AtomicInteger acquisitions = new AtomicInteger();
        Set<Long> tokens = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<BackupLock> handles = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            handles.add(i % 2 == 0 ? lock : anotherNode(lock, clock));
        }
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                BackupLock handle = handles.get(i);
                String owner = "node-" + i;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int r = 0; r < rounds; r++) {
                        Optional<Lease> l = handle.tryAcquire(t, owner, TTL);
                        if (l.isPresent()) {
                            int now = holders.incrementAndGet();
                            maxHolders.accumulateAndGet(now, Math::max);
                            acquisitions.incrementAndGet();
                            assertThat(tokens.add(l.get().fencingToken())).as("fencing tokens are unique").isTrue();
                            Thread.yield();
                            holders.decrementAndGet();
                            l.get().release();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(maxHolders.get()).isEqualTo(1);
        assertThat(acquisitions.get()).isPositive();
    }

    @Test
    public void aHeldLeaseIsStillHeldUntilReleasedOrExpired() throws Exception {
        String t = tenant();
        Lease l = lock.tryAcquire(t, "node-a", Duration.ofSeconds(30)).orElseThrow();
        assertThat(l.stillHeld()).isTrue();
        clock.advance(Duration.ofSeconds(31));
        assertThat(l.stillHeld()).as("expired, even though nobody took it yet").isFalse();
        Lease again = lock.tryAcquire(t, "node-a", TTL).orElseThrow();
        assertThat(again.stillHeld()).isTrue();
        again.release();
        assertThat(again.stillHeld()).as("released").isFalse();
    }

    @Test
    public void aLeaseOvertakenByAnotherOwnerIsNotStillHeldItsTokenIsStale() throws Exception {
        String t = tenant();
        Lease paused = lock.tryAcquire(t, "node-a", Duration.ofSeconds(30)).orElseThrow();
        clock.advance(Duration.ofSeconds(31));
        Lease taker = anotherNode(lock, clock).tryAcquire(t, "node-b", Duration.ofSeconds(30)).orElseThrow();
        assertThat(paused.stillHeld()).as("the paused holder's token " + paused.fencingToken() + " is stale").isFalse();
        assertThat(paused.renew(Duration.ofSeconds(30))).as("and it cannot renew its way back").isFalse();
        assertThat(taker.stillHeld()).isTrue();
    }
}
