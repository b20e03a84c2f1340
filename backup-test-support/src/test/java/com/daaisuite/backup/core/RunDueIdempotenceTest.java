package com.daaisuite.backup.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import com.daaisuite.backup.core.BackupService.ScheduledOutcome;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code runDue(now)} decides and records everything from the {@code now} it is given, whatever the
 * clock {@code Backups} was built with: over random clocks, zones, frequencies and call sequences
 * (repeated, out of order, days ahead of or behind the builder's clock) it takes exactly the backups
 * an independent model of the schedule predicts, so never two for one period, and each is named for
 * its {@code now}.
 */
class RunDueIdempotenceTest {
    private static final List<ZoneId> ZONES = List.of(ZoneId.of("Asia/Kolkata"), ZoneId.of("Europe/London"),
            ZoneId.of("America/New_York"), ZoneId.of("Pacific/Chatham"), ZoneId.of("UTC"), ZoneId.of("Australia/Lord_Howe"));
    private static final List<SnapshotLabel> FREQUENCIES = List.of(SnapshotLabel.values()).stream()
            .filter(SnapshotLabel::scheduled).toList();
    /** 2026-01-01T00:00Z .. 2027-12-31: both DST changes of every zone above fall inside. */
    private static final long FROM = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond();
    private static final long TO = Instant.parse("2027-12-31T00:00:00Z").getEpochSecond();

    @Test
    void repeatedAndOutOfOrderTicksTakeAtMostOneBackupPerTenantPerPeriod() {
        qt().withFixedSeed(17L).withExamples(Boolean.getBoolean("daai.thorough") ? 1000 : 100).withShrinkCycles(30)
                .forAll(longs().between(FROM, TO),
                        integers().between(0, ZONES.size() * FREQUENCIES.size() - 1),
                        // tick offsets from the builder's clock, in minutes: 3 days behind .. 45 days ahead
                        lists().of(integers().between(-3 * 24 * 60, 45 * 24 * 60)).ofSizeBetween(1, 9),
                        integers().between(1, 3))
                .checkAssert(this::ticksMatchTheModel);
    }

    private void ticksMatchTheModel(long builderClockSeconds, int zoneAndFrequency, List<Integer> offsets, int repeats) {
        ZoneId zone = ZONES.get(zoneAndFrequency % ZONES.size());
        SnapshotLabel frequency = FREQUENCIES.get(zoneAndFrequency / ZONES.size());
        Instant builderNow = Instant.ofEpochSecond(builderClockSeconds);
        try (Fixture f = new Fixture()) {
            f.clock.set(builderNow);
            f.addTenant(f.tenant("acme").toBuilder().zone(zone).frequency(frequency)
                    .sandbox(frequency.sandboxOnly()).build());
            Optional<Instant> modelLast = Optional.empty();
            List<Instant> expected = new ArrayList<>();
            List<Instant> taken = new ArrayList<>();
            String scenario = "builder clock " + builderNow + ", " + zone + ", " + frequency + ", ticks " + offsets
                    + " minutes, each " + repeats + "x";
            for (int offset : offsets) {
                Instant now = builderNow.plus(Duration.ofMinutes(offset));
                for (int r = 0; r < repeats; r++) {
                    // The model: due at 01:00 tenant-local, from the newest scheduled backup (or today, if none).
                    if (!now.isBefore(modelDue(frequency, zone, modelLast, now))) {
                        expected.add(now);
                        modelLast = Optional.of(modelLast.filter(l -> l.isAfter(now)).orElse(now));
                    }
                    for (ScheduledOutcome o : f.service().runDue(now)) {
                        assertThat(o.outcome()).as(scenario + ": outcome at " + now + " (" + o.detail() + ")")
                                .isEqualTo(ScheduledOutcome.Outcome.BACKED_UP);
                        Snapshot s = o.result().orElseThrow().snapshot();
                        // Named for the now it was taken at, not for the builder's clock.
                        assertThat(s.createdAt()).as(scenario).isEqualTo(now);
                        assertThat(s.label()).isEqualTo(frequency);
                        taken.add(s.createdAt());
                    }
                    // The status line agrees with the catalog the tick left behind.
                    assertThat(f.service().status(Fixture.ADMIN, "acme").lastSnapshot().map(Snapshot::createdAt))
                            .as(scenario).isEqualTo(taken.stream().max(Instant::compareTo));
                }
            }
            assertThat(taken).as(scenario).containsExactlyElementsOf(expected);
        }
    }

    /** Written apart from the library's Schedules, from docs/schedules.md. */
    private static Instant modelDue(SnapshotLabel frequency, ZoneId zone, Optional<Instant> last, Instant now) {
        if (last.isEmpty()) {
            return slot(LocalDate.ofInstant(now, zone), zone);
        }
        if (frequency == SnapshotLabel.DAILY) {
            return slot(LocalDate.ofInstant(last.get(), zone).plusDays(1), zone);
        }
        return slot(LocalDate.ofInstant(last.get().plus(frequency.interval()), zone), zone);
    }

    private static Instant slot(LocalDate day, ZoneId zone) {
        return ZonedDateTime.of(day, LocalTime.of(1, 0), zone).toInstant();
    }
}
