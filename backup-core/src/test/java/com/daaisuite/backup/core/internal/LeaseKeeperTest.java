package com.daaisuite.backup.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.daaisuite.backup.core.spi.Lease;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LeaseKeeperTest {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    /** A lease that counts renewals and can be made to report itself lost. */
    static final class StubLease implements Lease {
        final AtomicInteger renewals = new AtomicInteger();
        final AtomicBoolean held = new AtomicBoolean(true);
        final AtomicInteger releases = new AtomicInteger();
        volatile RuntimeException failRenew;

        @Override
        public String tenantId() {
            return "acme";
        }

        @Override
        public long fencingToken() {
            return 7;
        }

        @Override
        public Instant expiresAt() {
            return Instant.MAX;
        }

        @Override
        public boolean renew(Duration ttl) {
            renewals.incrementAndGet();
            RuntimeException f = failRenew;
            if (f != null) {
                throw f;
            }
            return held.get();
        }

        @Override
        public boolean stillHeld() {
            return held.get();
        }

        @Override
        public void release() {
            releases.incrementAndGet();
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier c) throws InterruptedException {
        for (int i = 0; i < 2000 && !c.getAsBoolean(); i++) {
            Thread.sleep(5);
        }
        assertThat(c.getAsBoolean()).isTrue();
    }

    @Test
    void theLeaseIsRenewedWhileHeldAndReleasedOnClose() throws Exception {
        StubLease lease = new StubLease();
        LeaseKeeper keeper = new LeaseKeeper(lease, scheduler, Duration.ofMillis(30));
        awaitTrue(() -> lease.renewals.get() >= 3);
        assertThat(keeper.lost()).isFalse();
        keeper.close();
        assertThat(lease.releases.get()).isEqualTo(1);
        int after = lease.renewals.get();
        Thread.sleep(100);
        assertThat(lease.renewals.get()).as("no renewal after close").isLessThanOrEqualTo(after + 1);
    }

    @Test
    void aRenewalThatFailsMarksTheLeaseLost() throws Exception {
        StubLease lease = new StubLease();
        lease.held.set(false);
        try (LeaseKeeper keeper = new LeaseKeeper(lease, scheduler, Duration.ofMillis(30))) {
            awaitTrue(keeper::lost);
        }
    }

    @Test
    void aRenewalThatThrowsMarksTheLeaseLostBecauseItCannotProveItHoldsIt() throws Exception {
        StubLease lease = new StubLease();
        lease.failRenew = new IllegalStateException("lock store unreachable");
        try (LeaseKeeper keeper = new LeaseKeeper(lease, scheduler, Duration.ofMillis(30))) {
            awaitTrue(keeper::lost);
            assertThat(keeper.stillHeld()).as("lost stays lost, whatever the store says later").isFalse();
        }
    }

    @Test
    void theFencingCheckAsksTheStoreAndALeaseTheStoreDisownsIsLost() {
        StubLease lease = new StubLease();
        try (LeaseKeeper keeper = new LeaseKeeper(lease, scheduler, Duration.ofMinutes(2))) {
            assertThat(keeper.stillHeld()).isTrue();
            lease.held.set(false);
            assertThat(keeper.stillHeld()).isFalse();
            assertThat(keeper.lost()).isTrue();
            lease.held.set(true);
            assertThat(keeper.stillHeld()).as("a lease found lost is never trusted again").isFalse();
        }
    }
}
