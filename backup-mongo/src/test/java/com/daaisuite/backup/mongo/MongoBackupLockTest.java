package com.daaisuite.backup.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.daaisuite.backup.core.spi.Lease;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@link MongoBackupLock} on mongo-java-server over TCP, with a clock the test moves. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MongoBackupLockTest {

    private static final AtomicInteger TENANTS = new AtomicInteger();

    private InProcessMongo server;
    private MongoClient client;
    private MongoCollection<Document> leases;
    private MovableClock clock;
    private MongoBackupLock lock;
    private String tenant;

    /** A clock that stands still until the test moves it. */
    static final class MovableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-11-26T04:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @BeforeAll
    void start() {
        server = new InProcessMongo();
        client = MongoClients.create(server.uri());
        leases = client.getDatabase("control").getCollection("backup_locks");
    }

    @AfterAll
    void stop() {
        client.close();
        server.close();
    }

    @BeforeEach
    void freshTenant() {
        clock = new MovableClock();
        lock = new MongoBackupLock(leases, clock);
        tenant = "tenant-" + TENANTS.incrementAndGet();
    }

    @Test
    void aFreeTenantIsAcquiredWithTokenOneAndTheTimeToLive() {
        Lease lease = lock.tryAcquire(tenant, "node-a/backup", Duration.ofMinutes(5)).orElseThrow();
        assertThat(lease.tenantId()).isEqualTo(tenant);
        assertThat(lease.fencingToken()).isEqualTo(1);
        assertThat(lease.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
        Document stored = leases.find(new Document("_id", tenant)).first();
        assertThat(stored.getString("owner")).isEqualTo("node-a/backup");
        assertThat(stored.getDate("expiresAt").toInstant()).isEqualTo(lease.expiresAt());
    }

    @Test
    void aHeldLeaseIsNotAcquiredBySomeoneElseUntilItExpires() {
        Lease first = lock.tryAcquire(tenant, "node-a", Duration.ofMinutes(5)).orElseThrow();
        assertThat(lock.tryAcquire(tenant, "node-b", Duration.ofMinutes(5))).isEmpty();
        assertThat(lock.tryAcquire(tenant, "node-a", Duration.ofMinutes(5))).as("not re-entrant").isEmpty();
        clock.advance(Duration.ofMinutes(4).plusSeconds(59));
        assertThat(lock.tryAcquire(tenant, "node-b", Duration.ofMinutes(5))).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        Lease second = lock.tryAcquire(tenant, "node-b", Duration.ofMinutes(5)).orElseThrow();
        assertThat(second.fencingToken()).isGreaterThan(first.fencingToken());
    }

    @Test
    void aLeaseLostToAnotherOwnerCanNeitherBeRenewedNorReleased() {
        Lease stale = lock.tryAcquire(tenant, "node-a", Duration.ofMinutes(1)).orElseThrow();
        clock.advance(Duration.ofMinutes(2));
        Lease current = lock.tryAcquire(tenant, "node-b", Duration.ofMinutes(5)).orElseThrow();

        assertThat(stale.renew(Duration.ofMinutes(10))).isFalse();
        stale.release();
        assertThat(lock.tryAcquire(tenant, "node-c", Duration.ofMinutes(5))).as("node-b still holds it").isEmpty();
        assertThat(current.renew(Duration.ofMinutes(10))).isTrue();
        assertThat(current.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(10)));
    }

    @Test
    void renewingExtendsTheLeaseBeyondItsFirstExpiry() {
        Lease lease = lock.tryAcquire(tenant, "node-a", Duration.ofMinutes(1)).orElseThrow();
        clock.advance(Duration.ofSeconds(50));
        assertThat(lease.renew(Duration.ofMinutes(1))).isTrue();
        clock.advance(Duration.ofSeconds(50));
        assertThat(lock.tryAcquire(tenant, "node-b", Duration.ofMinutes(1))).isEmpty();
    }

    @Test
    void releaseFreesTheTenantAtOnceIsIdempotentAndTokensKeepGrowing() {
        Lease first = lock.tryAcquire(tenant, "node-a", Duration.ofHours(1)).orElseThrow();
        first.release();
        first.release();
        assertThat(first.renew(Duration.ofHours(1))).isFalse();
        Lease second;
        try (Lease l = lock.tryAcquire(tenant, "node-b", Duration.ofHours(1)).orElseThrow()) {
            second = l;
        }
        Lease third = lock.tryAcquire(tenant, "node-a", Duration.ofHours(1)).orElseThrow();
        assertThat(List.of(first.fencingToken(), second.fencingToken(), third.fencingToken())).containsExactly(1L, 2L, 3L);
    }

    @Test
    void tenantsAreLockedIndependently() {
        String other = tenant + "-other";
        assertThat(lock.tryAcquire(tenant, "node-a", Duration.ofMinutes(5))).isPresent();
        assertThat(lock.tryAcquire(other, "node-b", Duration.ofMinutes(5))).isPresent();
    }

    @Test
    void ofManyNodesRacingForAFreeTenantExactlyOneWins() throws Exception {
        int nodes = 8;
        ExecutorService pool = Executors.newFixedThreadPool(nodes);
        try {
            for (int round = 0; round < 5; round++) {
                String contested = tenant + "-race-" + round;
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Optional<com.daaisuite.backup.core.spi.Lease>>> results = new ArrayList<>();
                for (int n = 0; n < nodes; n++) {
                    // Separate lock instances, as on separate nodes sharing one collection.
                    MongoBackupLock nodeLock = new MongoBackupLock(leases, clock);
                    String owner = "node-" + n;
                    Callable<Optional<com.daaisuite.backup.core.spi.Lease>> attempt = () -> {
                        go.await();
                        return nodeLock.tryAcquire(contested, owner, Duration.ofMinutes(5));
                    };
                    results.add(pool.submit(attempt));
                }
                go.countDown();
                int winners = 0;
                for (var f : results) {
                    if (f.get().isPresent()) {
                        winners++;
                    }
                }
                assertThat(winners).as("round %d", round).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
