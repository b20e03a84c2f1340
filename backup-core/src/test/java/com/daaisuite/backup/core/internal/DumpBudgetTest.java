package com.daaisuite.backup.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import com.daaisuite.backup.core.spi.ReadBudget;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;

/**
 * The node's read budget is a token bucket: after any idle time a dump can take at most its burst
 * (a quarter of a second's worth, at least 64 KiB) without waiting, over any run it hands out at most
 * the burst plus the rate times the elapsed time, and a source that pays for its reads is not paced
 * a second time on its writes. Time is simulated.
 */
class DumpBudgetTest {
    private static final long NANOS = 1_000_000_000L;

    /** Simulated time: advances when a waiter sleeps, or by hand. */
    private static final class Clock implements Pacing {
        long now = 5 * NANOS;
        final List<Long> sleeps = new ArrayList<>();

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleepNanos(long nanos) {
            sleeps.add(nanos);
            now += nanos;
        }
    }

    @Test
    void afterAnyIdleTimeAWriterTakesNoMoreThanTheBurstBeforeItMustWait() throws Exception {
        for (long rate : new long[] {64 * 1024, 4_000_000, 100_000_000}) {
            Clock clock = new Clock();
            DumpBudget budget = DumpBudget.perSecond(rate, clock);
            clock.now += 3600 * NANOS; // an hour idle: the bucket is full, never fuller
            long taken = 0;
            while (clock.sleeps.isEmpty()) {
                budget.take(1000);
                taken += 1000;
            }
            long burst = Math.max(64 * 1024, rate / 4);
            assertThat(budget.burstBytes()).isEqualTo(burst);
            // The take that first had to wait is the one that went past the burst.
            assertThat(taken - 1000).as("bytes taken without waiting at %d B/s", rate).isLessThanOrEqualTo(burst);
            assertThat(taken).isGreaterThan(burst);
        }
    }

    @Test
    void overAnyRunOfTakesAndIdleGapsTheBucketHandsOutAtMostTheBurstPlusTheRateTimesTheTime() {
        qt().withExamples(200).forAll(Generate.longRange(64 * 1024, 50_000_000), Generate.longRange(0, Long.MAX_VALUE / 2))
                .checkAssert((rate, seed) -> {
                    Clock clock = new Clock();
                    DumpBudget budget = DumpBudget.perSecond(rate, clock);
                    SplittableRandom r = new SplittableRandom(seed);
                    long start = clock.now;
                    long taken = 0;
                    for (int i = 0; i < 300; i++) {
                        if (r.nextInt(4) == 0) {
                            clock.now += r.nextLong(NANOS); // idle up to a second: refills, but never past the burst
                        }
                        long n = r.nextLong(1, 2L * 1024 * 1024);
                        try {
                            budget.take(n);
                        } catch (java.io.InterruptedIOException e) {
                            throw new AssertionError(e);
                        }
                        taken += n;
                        double seconds = (clock.now - start) / 1e9;
                        assertThat((double) taken).as("taken after %d takes at %d B/s", i + 1, rate)
                                .isLessThanOrEqualTo(budget.burstBytes() + rate * seconds + 1);
                    }
                });
    }

    @Test
    void theBatchItSuggestsIsASixteenthOfASecondsWorthBetween64KiBAnd1MiB() {
        Clock clock = new Clock();
        assertThat(DumpBudget.perSecond(4_000_000, clock).batchBytes()).isEqualTo(250_000);
        assertThat(DumpBudget.perSecond(64 * 1024, clock).batchBytes()).isEqualTo(64 * 1024);
        assertThat(DumpBudget.perSecond(1_000_000_000, clock).batchBytes()).isEqualTo(1024 * 1024);
        assertThat(DumpBudget.unlimited().open(new ByteArrayOutputStream()).readBudget()).isSameAs(ReadBudget.UNLIMITED);
    }

    @Test
    void aSourceThatPaysForItsReadsIsNotPacedAgainOnItsWrites() throws Exception {
        Clock clock = new Clock();
        DumpBudget budget = DumpBudget.perSecond(1_000_000, clock);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        DumpBudget.Dump dump = budget.open(sink);
        dump.readBudget().acquire(3_000_000);
        long paid = clock.now;
        try (OutputStream out = dump.stream()) {
            out.write(new byte[3_000_000]);
            out.write(7);
        }
        assertThat(clock.now).as("no wait for the written bytes").isEqualTo(paid);
        assertThat(sink.size()).isEqualTo(3_000_001);
        // The 3 MB were paid once: the burst, then the rest at 1 MB/s.
        assertThat(paid - 5 * NANOS).isEqualTo((long) Math.ceil((3_000_000 - budget.burstBytes()) * 1e9 / 1_000_000));
    }

    @Test
    void aSourceThatDoesNotPayIsPacedOnItsWrites() throws Exception {
        Clock clock = new Clock();
        DumpBudget budget = DumpBudget.perSecond(1_000_000, clock);
        try (OutputStream out = budget.open(new ByteArrayOutputStream()).stream()) {
            out.write(new byte[3_000_000]);
        }
        assertThat((clock.now - 5 * NANOS) / 1e9).isCloseTo(2.75, org.assertj.core.data.Offset.offset(0.001));
    }

    @Test
    void aNegativePaymentIsRefused() {
        ReadBudget read = DumpBudget.perSecond(1_000_000, new Clock()).open(new ByteArrayOutputStream()).readBudget();
        assertThatThrownBy(() -> read.acquire(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    }
}
