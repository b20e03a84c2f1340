package com.daaisuite.backup.testing.origin;

import static org.assertj.core.api.Assertions.assertThat;

import com.daaisuite.backup.core.spi.OriginLedger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link OriginLedger} must have, as tests. A ledger's module has exactly one
 * test class that extends this. {@link #anotherNode(OriginLedger)} returns a second handle on the
 * same record store, as another node (or the same host after a restart, for a durable ledger) would
 * build it.
 */
public abstract class OriginLedgerContract {
    private static final AtomicInteger TENANTS = new AtomicInteger();
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private OriginLedger ledger;

    /**
     * @return a ledger on a store shared by every handle of this test
     * @throws Exception if it cannot be created
     */
    protected abstract OriginLedger createLedger() throws Exception;

    /**
     * @param first the ledger from {@link #createLedger()}
     * @return another handle on the same store
     * @throws Exception if it cannot be created
     */
    protected OriginLedger anotherNode(OriginLedger first) throws Exception {
        return first;
    }

    /** @return a tenant id unused by earlier tests */
    protected String tenant() {
        return "origin-" + getClass().getSimpleName().toLowerCase() + "-" + TENANTS.incrementAndGet();
    }

    @BeforeEach
    void create() throws Exception {
        ledger = createLedger();
    }

    @Test
    void aTenantWithoutARecordHasNone() {
        assertThat(ledger.encryptedSince(tenant())).isEmpty();
    }

    @Test
    void aRecordedInstantIsReadBackExactlyToTheMillisecond() {
        String t = tenant();
        Instant at = T0.plusMillis(1234);
        assertThat(ledger.record(t, at)).isEqualTo(at);
        assertThat(ledger.encryptedSince(t)).contains(at);
    }

    @Test
    void theRecordOnlyEverMovesEarlier() {
        String t = tenant();
        ledger.record(t, T0.plusSeconds(3600));
        assertThat(ledger.record(t, T0.plusSeconds(7200))).isEqualTo(T0.plusSeconds(3600));
        assertThat(ledger.encryptedSince(t)).contains(T0.plusSeconds(3600));
        assertThat(ledger.record(t, T0)).isEqualTo(T0);
        assertThat(ledger.encryptedSince(t)).contains(T0);
    }

    @Test
    void tenantsAreIsolated() {
        String a = tenant();
        String b = tenant();
        ledger.record(a, T0);
        assertThat(ledger.encryptedSince(b)).isEmpty();
        ledger.record(b, T0.plusSeconds(60));
        assertThat(ledger.encryptedSince(a)).contains(T0);
    }

    @Test
    void anotherNodeSeesTheSameRecord() throws Exception {
        String t = tenant();
        ledger.record(t, T0.plusSeconds(60));
        OriginLedger other = anotherNode(ledger);
        assertThat(other.encryptedSince(t)).contains(T0.plusSeconds(60));
        other.record(t, T0);
        assertThat(ledger.encryptedSince(t)).contains(T0);
    }

    @Test
    void describeNamesTheStoreAndNeverIsBlank() {
        assertThat(ledger.describe()).isNotBlank();
    }

    @Test
    void concurrentRecordsKeepTheEarliest() throws Exception {
        String t = tenant();
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Instant>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Instant at = T0.plusSeconds(10L * (threads - i));
                results.add(pool.submit(() -> {
                    go.await();
                    return ledger.record(t, at);
                }));
            }
            go.countDown();
            for (Future<Instant> f : results) {
                assertThat(f.get(30, TimeUnit.SECONDS)).isBeforeOrEqualTo(T0.plusSeconds(10L * threads));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(ledger.encryptedSince(t)).contains(T0.plusSeconds(10));
    }
}
