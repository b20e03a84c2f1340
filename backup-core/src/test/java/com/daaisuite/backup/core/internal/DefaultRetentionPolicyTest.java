package com.daaisuite.backup.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.daaisuite.backup.core.Snapshot;
import com.daaisuite.backup.core.SnapshotLabel;
import com.daaisuite.backup.core.SnapshotRetention;
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

    @Test
    void promisesStateTheTableAsDatesAndCounts() {
        List<Snapshot> all = new ArrayList<>();
        all.addAll(series(SnapshotLabel.TWENTY_FOUR_HOUR, 15, Duration.ofDays(1)));
        all.addAll(series(SnapshotLabel.PRE_RESTORE, 1, Duration.ofDays(2)));
        all.addAll(series(SnapshotLabel.MANUAL, 12, Duration.ofDays(1)));
        Map<String, SnapshotRetention> p = DefaultRetentionPolicy.INSTANCE.promises(T, all, NOW);

        Snapshot safety = all.get(15);
        assertThat(p.get(safety.fileName()).keptUntil()).contains(safety.createdAt().plus(Duration.ofDays(7)));
        assertThat(p.get(safety.fileName()).whileAmongNewest()).isEmpty();

        Snapshot nightly = all.get(0);
        assertThat(p.get(nightly.fileName()).whileAmongNewest()).hasValue(14);
        assertThat(p.get(nightly.fileName()).keptUntil()).as("a count rule has no date").isEmpty();
        assertThat(p.get(all.get(14).fileName()).due()).as("the 15th 24-hour backup").isTrue();

        Snapshot youngManual = all.get(16);
        assertThat(p.get(youngManual.fileName()).keptUntil()).contains(youngManual.createdAt().plus(Duration.ofDays(7)));
        assertThat(p.get(youngManual.fileName()).whileAmongNewest()).hasValue(10);
        Snapshot eleventhManual = all.get(16 + 10);
        assertThat(p.get(eleventhManual.fileName()).due()).as("11th manual, 11 days old").isTrue();
    }

    @Test
    void promisesAgreeWithSelectForDeletionNowAndAtEveryStatedDate() {
        List<Snapshot> all = new ArrayList<>();
        for (SnapshotLabel label : SnapshotLabel.values()) {
            all.addAll(series(label, 16, Duration.ofHours(17)));
        }
        all.sort(java.util.Comparator.comparing(Snapshot::createdAt).reversed());
        Map<String, SnapshotRetention> p = DefaultRetentionPolicy.INSTANCE.promises(T, all, NOW);
        assertThat(p).hasSize(all.size());
        List<String> dueNow = p.entrySet().stream().filter(e -> e.getValue().due()).map(Map.Entry::getKey).toList();
        assertThat(deleted(all).stream().map(Snapshot::fileName).toList()).containsExactlyInAnyOrderElementsOf(dueNow);
        for (Snapshot s : all) {
            SnapshotRetention r = p.get(s.fileName());
            if (r.keptUntil().isPresent() && r.whileAmongNewest().isEmpty() && !r.due()) {
                Instant until = r.keptUntil().get();
                assertThat(DefaultRetentionPolicy.INSTANCE.selectForDeletion(T, new ArrayList<>(all), until.minusSeconds(1)))
                        .as(s.fileName() + " before its date").doesNotContain(s);
                assertThat(DefaultRetentionPolicy.INSTANCE.selectForDeletion(T, new ArrayList<>(all), until.plusSeconds(1)))
                        .as(s.fileName() + " after its date").contains(s);
            }
        }
    }
}
