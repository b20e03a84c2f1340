package com.daaisuite.backup.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.daaisuite.backup.core.BackupsSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Dumps paced by a read budget compress on as few threads as the budget needs, so that several gzip
 * blocks never take every core from the live database at once; the dumps the budget does not pace
 * (the pre-restore safety backup, every dump when there is no budget) keep all the compression threads.
 */
class EnginePoolsTest {

    private static BackupsSettings settings(int threads, OptionalLong budget) {
        return new BackupsSettings(3, threads, 2, 1 << 20, false, "node-1", "source", "storage", "keys", 8, budget,
                Duration.ZERO);
    }

    @Test
    void thePacedThreadsAreAsManyAsTheBudgetNeedsAtSixteenMegabytesPerSecondEachAndAtLeastOne() {
        long perThread = BackupsSettings.PACED_GZIP_BYTES_PER_THREAD;
        assertThat(settings(4, OptionalLong.of(64 * 1024)).pacedCompressionThreads()).isEqualTo(1);
        assertThat(settings(4, OptionalLong.of(4_000_000)).pacedCompressionThreads()).isEqualTo(1);
        assertThat(settings(4, OptionalLong.of(perThread)).pacedCompressionThreads()).isEqualTo(1);
        assertThat(settings(4, OptionalLong.of(perThread + 1)).pacedCompressionThreads()).isEqualTo(2);
        assertThat(settings(4, OptionalLong.of(3 * perThread)).pacedCompressionThreads()).isEqualTo(3);
    }

    @Test
    void thePacedThreadsNeverExceedTheCompressionThreadsAndAreAllOfThemWithoutABudget() {
        assertThat(settings(2, OptionalLong.of(1_000_000_000)).pacedCompressionThreads()).isEqualTo(2);
        assertThat(settings(3, OptionalLong.empty()).pacedCompressionThreads()).isEqualTo(3);
    }

    @Test
    void underAFourMegabyteBudgetPacedDumpsCompressOneBlockAtATimeWhileTheOthersUseEveryThread() throws Exception {
        EnginePools pools = new EnginePools(settings(2, OptionalLong.of(4_000_000)), false);
        try {
            EnginePools.Compression paced = pools.compression(true);
            EnginePools.Compression unpaced = pools.compression(false);
            assertThat(paced.pool()).isNotSameAs(unpaced.pool());
            assertThat(paced.maxInFlight()).isEqualTo(2);
            assertThat(unpaced.maxInFlight()).isEqualTo(4);
            assertThat(mostAtOnce(paced.pool(), 2)).isEqualTo(1);
            assertThat(mostAtOnce(unpaced.pool(), 2)).isEqualTo(2);
        } finally {
            pools.close();
        }
    }

    @Test
    void withoutABudgetEveryDumpSharesTheOnePool() {
        EnginePools pools = new EnginePools(settings(2, OptionalLong.empty()), false);
        try {
            assertThat(pools.compression(true)).isEqualTo(pools.compression(false));
        } finally {
            pools.close();
        }
    }

    @Test
    void closeStopsThePacedPoolToo() {
        EnginePools pools = new EnginePools(settings(2, OptionalLong.of(4_000_000)), false);
        ExecutorService paced = pools.compression(true).pool();
        pools.close();
        assertThat(paced.isShutdown()).isTrue();
    }

    /**
     * Submits four tasks that each hold their thread until {@code expected} of them run together (or half
     * a second passes), and returns the most that ever ran at once.
     */
    private static int mostAtOnce(ExecutorService pool, int expected) throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch together = new CountDownLatch(expected);
        List<Future<?>> all = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            all.add(pool.submit(() -> {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                together.countDown();
                try {
                    together.await(500, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                running.decrementAndGet();
            }));
        }
        for (Future<?> f : all) {
            f.get(10, TimeUnit.SECONDS);
        }
        return most.get();
    }
}
