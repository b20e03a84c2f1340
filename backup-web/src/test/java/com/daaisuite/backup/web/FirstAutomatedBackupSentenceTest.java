package com.daaisuite.backup.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.daaisuite.backup.core.SnapshotLabel;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/** The empty state says when the first automated backup runs as people say it, in the workspace's zone. */
class FirstAutomatedBackupSentenceTest {
    static final ZoneId IST = ZoneId.of("Asia/Kolkata");
    /** Sunday 6 December 2026, 3 PM in India. */
    static final Instant AFTERNOON = ZonedDateTime.of(2026, 12, 6, 15, 0, 0, 0, IST).toInstant();

    static Instant ist(int day, int hour) {
        return ZonedDateTime.of(2026, 12, day, hour, 0, 0, 0, IST).toInstant();
    }

    @Test
    void the_coming_night_is_tonight_at_one_am_in_the_zones_abbreviation() {
        assertThat(Formats.firstAutomatedBackup(SnapshotLabel.TWENTY_FOUR_HOUR, ist(7, 1), AFTERNOON, IST))
                .isEqualTo("The first nightly automated backup runs tonight at 1 AM IST.");
    }

    @Test
    void a_later_night_names_its_day() {
        assertThat(Formats.firstAutomatedBackup(SnapshotLabel.SEVEN_DAY, ist(9, 1), AFTERNOON, IST))
                .isEqualTo("The first 7-day automated backup runs on Wed 9 Dec at 1 AM IST.");
    }

    @Test
    void berlin_gets_its_own_abbreviation() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        Instant next = ZonedDateTime.of(2026, 12, 7, 1, 0, 0, 0, berlin).toInstant();
        assertThat(Formats.firstAutomatedBackup(SnapshotLabel.DAILY, next, AFTERNOON, berlin))
                .isEqualTo("The first nightly automated backup runs tonight at 1 AM CET.");
    }

    @Test
    void a_slot_already_passed_is_due_at_the_schedulers_next_check_not_a_time_in_the_past() {
        assertThat(Formats.firstAutomatedBackup(SnapshotLabel.TWENTY_FOUR_HOUR, ist(6, 1), AFTERNOON, IST))
                .isEqualTo("The first nightly automated backup is due now: it runs at the scheduler's next check.");
    }
}
