package com.daaisuite.backup.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.daaisuite.backup.core.Snapshot;
import com.daaisuite.backup.core.SnapshotLabel;
import com.daaisuite.backup.core.Tenant;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DefaultRetentionPolicyTest {
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final Tenant T = Tenant.of("acme", "Acme", "acme_db");

    private static List<Snapshot> series(SnapshotLabel label, int n, Duration step) {
        List<Snapshot> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Instant at = NOW.minus(step.multipliedBy(i + 1L));
            l.add(new Snapshot("acme", ArchiveNames.name(label, at, null, true), label, at, 100, true, false));
        }
        return l;
    }

    private static List<Snapshot> deleted(List<Snapshot> all) {
        return DefaultRetentionPolicy.INSTANCE.selectForDeletion(T, new ArrayList<>(all), NOW);
    }

    @Test
    void eachScheduledLabelKeepsItsNewestN() {
        Map<SnapshotLabel, Integer> table = Map.of(SnapshotLabel.MONTHLY, 6, SnapshotLabel.FIFTEEN_DAY, 6, SnapshotLabel.SEVEN_DAY, 8,
                SnapshotLabel.THREE_DAY, 10, SnapshotLabel.TWENTY_FOUR_HOUR, 14, SnapshotLabel.DAILY, 7);
        table.forEach((label, keep) -> {
            List<Snapshot> all = series(label, keep + 3, Duration.ofDays(1));
            assertThat(deleted(all)).as(label.label()).containsExactlyInAnyOrderElementsOf(all.subList(keep, keep + 3));
            assertThat(deleted(all.subList(0, keep))).as(label.label() + " at exactly N").isEmpty();
        });
    }

    @Test
    void manualKeepsTheNewestTenAndEverythingYoungerThanSevenDays() {
        List<Snapshot> recent = series(SnapshotLabel.MANUAL, 14, Duration.ofHours(6));
        assertThat(deleted(recent)).as("14 manual snapshots all younger than 7 days").isEmpty();
        List<Snapshot> old = series(SnapshotLabel.MANUAL, 14, Duration.ofDays(1));
        // Newest 10 kept; of the other four (11..14 days old) all are older than 7 days.
        assertThat(deleted(old)).containsExactlyInAnyOrderElementsOf(old.subList(10, 14));
    }

    @Test
    void preRestoreSnapshotsAreKeptSevenDays() {
        List<Snapshot> l = series(SnapshotLabel.PRE_RESTORE, 10, Duration.ofDays(1));
        // Ages 1..10 days: those older than 7 days (8, 9, 10) go.
        assertThat(deleted(l)).containsExactlyInAnyOrderElementsOf(l.subList(7, 10));
    }

    @Test
    void labelsAreCountedSeparately() {
        List<Snapshot> all = new ArrayList<>(series(SnapshotLabel.MONTHLY, 6, Duration.ofDays(30)));
        all.addAll(series(SnapshotLabel.MANUAL, 10, Duration.ofDays(20)));
        all.addAll(series(SnapshotLabel.PRE_RESTORE, 1, Duration.ofDays(2)));
        assertThat(deleted(all)).isEmpty();
    }
}
