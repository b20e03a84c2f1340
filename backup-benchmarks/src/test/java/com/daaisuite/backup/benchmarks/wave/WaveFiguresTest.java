package com.daaisuite.backup.benchmarks.wave;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The wave's figures are computed as its report says: percentiles by rank, per second of due time, budgets in bytes. */
class WaveFiguresTest {
    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;

    @Test
    void percentilesAreTheNearestRankOfTheLatencies() {
        List<long[]> samples = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            samples.add(new long[] {0, i * MS});
        }
        Latencies l = new Latencies(samples, 0, 100, 0);
        assertThat(l.percentileMs(50)).isEqualTo(50.0);
        assertThat(l.percentileMs(99)).isEqualTo(99.0);
        assertThat(l.percentileMs(100)).isEqualTo(100.0);
    }

    @Test
    void perSecondFiguresGroupOperationsByTheSecondTheyWereDueInAndLeaveEmptySecondsOut() {
        List<long[]> samples = List.of(new long[] {0, 2 * MS}, new long[] {S / 2, 4 * MS}, new long[] {2 * S + 1, 9 * MS});
        double[] p99 = new Latencies(samples, 0, 3, 0).perSecondMs(99);
        assertThat(p99).hasSize(3);
        assertThat(p99[0]).isEqualTo(4.0);
        assertThat(p99[1]).isNaN();
        assertThat(p99[2]).isEqualTo(9.0);
    }

    @Test
    void aBudgetIsReadInBytesWithDecimalSuffixes() {
        assertThat(WaveOptions.bytes("4m")).isEqualTo(4_000_000);
        assertThat(WaveOptions.bytes("500k")).isEqualTo(500_000);
        assertThat(WaveOptions.bytes("1.5M")).isEqualTo(1_500_000);
        assertThat(WaveOptions.bytes("65536")).isEqualTo(65_536);
    }

    @Test
    void theWaveTicksAtOneInTheMorningInTheTenantsZoneWhereEveryTenantIsOnTheDefaultSchedule() {
        WaveOptions o = WaveOptions.parse(new String[] {"--tenants", "5", "--zone", "Europe/London"});
        WaveFleet fleet = new WaveFleet(o);
        assertThat(fleet.oneAm().atZone(o.zone).toLocalTime()).isEqualTo(java.time.LocalTime.of(1, 0));
        assertThat(fleet.tenants()).hasSize(5).allSatisfy(t -> {
            assertThat(t.zone()).isEqualTo(o.zone);
            assertThat(t.frequency()).isEqualTo(com.daaisuite.backup.core.Tenant.of("x", "x", "x").frequency());
        });
    }

    @Test
    void theDefaultsAreTheIssuesFleet() {
        WaveOptions o = WaveOptions.parse(new String[0]);
        assertThat(o.tenants).isEqualTo(200);
        assertThat(o.minMb).isEqualTo(2);
        assertThat(o.maxMb).isEqualTo(10);
        assertThat(o.nodes).isEqualTo(3);
    }

    @Test
    void theServersHugePagesFollowTheKernelUnlessTheCommandSaysOtherwise() {
        assertThat(WaveOptions.parse(new String[0]).serverHugePages).isEqualTo(ServerHugePages.offered());
        assertThat(WaveOptions.parse(new String[] {"--server-huge-pages", "off"}).serverHugePages).isFalse();
        assertThat(WaveOptions.parse(new String[] {"--server-huge-pages", "on"}).serverHugePages).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> WaveOptions.parse(new String[] {"--server-huge-pages", "yes"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("on or off");
    }
}
