package com.daaisuite.backup.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.daaisuite.backup.core.SnapshotLabel;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SchedulesTest {
    private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private static Instant local(String dateTime, ZoneId zone) {
        return ZonedDateTime.of(java.time.LocalDateTime.parse(dateTime), zone).toInstant();
    }

    private static Instant due(SnapshotLabel f, ZoneId z, Instant last, Instant now) {
        return Schedules.nextDue(f, z, Optional.ofNullable(last), now);
    }

    @Test
    void withoutAScheduledSnapshotTheFirstRunIsTodaysOneOClockLocal() {
        Instant beforeOne = local("2026-03-10T00:30", KOLKATA);
        Instant afternoon = local("2026-03-10T15:00", KOLKATA);
        assertThat(due(SnapshotLabel.MONTHLY, KOLKATA, null, beforeOne)).isEqualTo(local("2026-03-10T01:00", KOLKATA));
        assertThat(due(SnapshotLabel.MONTHLY, KOLKATA, null, afternoon)).isEqualTo(local("2026-03-10T01:00", KOLKATA));
        assertThat(local("2026-03-10T01:00", KOLKATA)).isEqualTo(Instant.parse("2026-03-09T19:30:00Z"));
    }

    @Test
    void theFirstRunUsesTheTenantsLocalDateNotUtcs() {
        // 20:00 UTC on the 9th is already 01:30 on the 10th in Kolkata.
        Instant now = Instant.parse("2026-03-09T20:00:00Z");
        assertThat(due(SnapshotLabel.TWENTY_FOUR_HOUR, KOLKATA, null, now)).isEqualTo(Instant.parse("2026-03-09T19:30:00Z"));
        assertThat(due(SnapshotLabel.TWENTY_FOUR_HOUR, NEW_YORK, null, now)).isEqualTo(local("2026-03-09T01:00", NEW_YORK));
    }

    @Test
    void fixedIntervalsAreDueAtTheSlotOfTheDayTheIntervalEnds() {
        Instant last = local("2026-01-01T01:04", KOLKATA);
        assertThat(due(SnapshotLabel.TWENTY_FOUR_HOUR, KOLKATA, last, last)).isEqualTo(local("2026-01-02T01:00", KOLKATA));
        assertThat(due(SnapshotLabel.THREE_DAY, KOLKATA, last, last)).isEqualTo(local("2026-01-04T01:00", KOLKATA));
        assertThat(due(SnapshotLabel.SEVEN_DAY, KOLKATA, last, last)).isEqualTo(local("2026-01-08T01:00", KOLKATA));
        assertThat(due(SnapshotLabel.FIFTEEN_DAY, KOLKATA, last, last)).isEqualTo(local("2026-01-16T01:00", KOLKATA));
        assertThat(due(SnapshotLabel.MONTHLY, KOLKATA, last, last)).isEqualTo(local("2026-01-31T01:00", KOLKATA));
    }

    @Test
    void monthlyIsThirtyDaysAcrossMonthEndsAndLeapFebruary() {
        assertThat(due(SnapshotLabel.MONTHLY, KOLKATA, local("2026-01-31T01:00", KOLKATA), Instant.EPOCH))
                .isEqualTo(local("2026-03-02T01:00", KOLKATA));
        assertThat(due(SnapshotLabel.MONTHLY, KOLKATA, local("2028-02-01T01:00", KOLKATA), Instant.EPOCH))
                .isEqualTo(local("2028-03-02T01:00", KOLKATA));
        assertThat(due(SnapshotLabel.FIFTEEN_DAY, KOLKATA, local("2026-12-20T01:00", KOLKATA), Instant.EPOCH))
                .isEqualTo(local("2027-01-04T01:00", KOLKATA));
    }

    @Test
    void dailyIsTheNextCalendarDayWhateverTheTimeOfTheLastRun() {
        assertThat(due(SnapshotLabel.DAILY, KOLKATA, local("2026-05-01T23:59", KOLKATA), Instant.EPOCH))
                .isEqualTo(local("2026-05-02T01:00", KOLKATA));
        assertThat(due(SnapshotLabel.DAILY, KOLKATA, local("2026-05-01T00:10", KOLKATA), Instant.EPOCH))
                .isEqualTo(local("2026-05-02T01:00", KOLKATA));
        assertThat(due(SnapshotLabel.DAILY, KOLKATA, local("2026-12-31T01:00", KOLKATA), Instant.EPOCH))
                .isEqualTo(local("2027-01-01T01:00", KOLKATA));
    }

    @Test
    void aLateTickOrDaytimeCatchUpReturnsToTheNightlySlot() {
        assertThat(due(SnapshotLabel.TWENTY_FOUR_HOUR, KOLKATA, local("2026-06-10T14:20", KOLKATA), Instant.EPOCH))
                .isEqualTo(local("2026-06-11T01:00", KOLKATA));
        assertThat(due(SnapshotLabel.TWENTY_FOUR_HOUR, KOLKATA, local("2026-06-10T01:59", KOLKATA), Instant.EPOCH))
                .isEqualTo(local("2026-06-11T01:00", KOLKATA));
    }

    @Test
    void daylightSavingChangesKeepOneOClockLocal() {
        // Europe/London: clocks go forward at 01:00 on 29 March 2026 (01:00 does not exist) and back at 02:00 on 25 October.
        Instant lastBeforeSpring = local("2026-03-28T01:00", LONDON);
        assertThat(due(SnapshotLabel.TWENTY_FOUR_HOUR, LONDON, lastBeforeSpring, Instant.EPOCH))
                .isEqualTo(Instant.parse("2026-03-29T01:00:00Z"));
        Instant onSpringDay = Instant.parse("2026-03-29T01:00:00Z");
        assertThat(due(SnapshotLabel.TWENTY_FOUR_HOUR, LONDON, onSpringDay, Instant.EPOCH))
                .isEqualTo(Instant.parse("2026-03-30T00:00:00Z"));
        Instant lastBeforeAutumn = local("2026-10-24T01:00", LONDON);
        assertThat(due(SnapshotLabel.DAILY, LONDON, lastBeforeAutumn, Instant.EPOCH)).isEqualTo(Instant.parse("2026-10-25T00:00:00Z"));
        assertThat(due(SnapshotLabel.DAILY, LONDON, Instant.parse("2026-10-25T00:00:00Z"), Instant.EPOCH))
                .isEqualTo(Instant.parse("2026-10-26T01:00:00Z"));
        // America/New_York: forward at 02:00 on 8 March 2026, after the slot, so 01:00 EST still exists that day.
        Instant ny = local("2026-03-07T01:00", NEW_YORK);
        assertThat(due(SnapshotLabel.TWENTY_FOUR_HOUR, NEW_YORK, ny, Instant.EPOCH)).isEqualTo(local("2026-03-08T01:00", NEW_YORK));
        assertThat(local("2026-03-08T01:00", NEW_YORK)).isEqualTo(Instant.parse("2026-03-08T06:00:00Z"));
    }
}
