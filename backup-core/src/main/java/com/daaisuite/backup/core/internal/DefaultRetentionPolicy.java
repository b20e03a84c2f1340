package com.daaisuite.backup.core.internal;

import com.daaisuite.backup.core.RetentionPolicy;
import com.daaisuite.backup.core.Snapshot;
import com.daaisuite.backup.core.SnapshotRetention;
import com.daaisuite.backup.core.SnapshotLabel;
import com.daaisuite.backup.core.Tenant;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The default table (docs/retention.md): scheduled labels keep their newest N; manual keeps the
 * newest 10 and everything younger than 7 days; pre-restore keeps 7 days. Pins and the newest
 * snapshot are protected by the engine afterwards, whatever a policy says.
 */
public final class DefaultRetentionPolicy implements RetentionPolicy {
    /** The one instance. */
    public static final DefaultRetentionPolicy INSTANCE = new DefaultRetentionPolicy();

    /** How many of each scheduled label are kept. */
    public static final Map<SnapshotLabel, Integer> KEEP_NEWEST;
    /** Manual snapshots younger than this are never pruned. */
    public static final Duration MANUAL_MIN_AGE = Duration.ofDays(7);
    /** Manual snapshots kept regardless of age. */
    public static final int MANUAL_KEEP = 10;
    /** Pre-restore safety snapshots are kept this long. */
    public static final Duration PRE_RESTORE_KEEP = Duration.ofDays(7);

    static {
        Map<SnapshotLabel, Integer> m = new EnumMap<>(SnapshotLabel.class);
        m.put(SnapshotLabel.MONTHLY, 6);
        m.put(SnapshotLabel.FIFTEEN_DAY, 6);
        m.put(SnapshotLabel.SEVEN_DAY, 8);
        m.put(SnapshotLabel.THREE_DAY, 10);
        m.put(SnapshotLabel.TWENTY_FOUR_HOUR, 14);
        m.put(SnapshotLabel.DAILY, 7);
        KEEP_NEWEST = java.util.Collections.unmodifiableMap(m);
    }

    private DefaultRetentionPolicy() {}

    @Override
    public java.util.Optional<Duration> preRestoreRetention() {
        return java.util.Optional.of(PRE_RESTORE_KEEP);
    }

    @Override
    public List<Snapshot> selectForDeletion(Tenant tenant, List<Snapshot> snapshots, Instant now) {
        Map<SnapshotLabel, List<Snapshot>> byLabel = new EnumMap<>(SnapshotLabel.class);
        for (Snapshot s : snapshots) {
            byLabel.computeIfAbsent(s.label(), l -> new ArrayList<>()).add(s);
        }
        List<Snapshot> delete = new ArrayList<>();
        for (Map.Entry<SnapshotLabel, List<Snapshot>> e : byLabel.entrySet()) {
            List<Snapshot> group = e.getValue();
            group.sort(Comparator.comparing(Snapshot::createdAt).reversed());
            SnapshotLabel label = e.getKey();
            if (label == SnapshotLabel.PRE_RESTORE) {
                group.stream().filter(s -> s.createdAt().isBefore(now.minus(PRE_RESTORE_KEEP))).forEach(delete::add);
            } else if (label == SnapshotLabel.MANUAL) {
                for (int i = MANUAL_KEEP; i < group.size(); i++) {
                    Snapshot s = group.get(i);
                    if (s.createdAt().isBefore(now.minus(MANUAL_MIN_AGE))) {
                        delete.add(s);
                    }
                }
            } else {
                int keep = KEEP_NEWEST.get(label);
                for (int i = keep; i < group.size(); i++) {
                    delete.add(group.get(i));
                }
            }
        }
        return delete;
    }

    /**
     * The table of {@link #selectForDeletion} as promises: pre-restore until created + 7 days; manual
     * until created + 7 days and while among the 10 newest manual ones (it goes when both have passed);
     * a scheduled label while among its newest N. One past its count is due now.
     */
    @Override
    public Map<String, SnapshotRetention> promises(Tenant tenant, List<Snapshot> snapshots, Instant now) {
        Map<SnapshotLabel, Integer> seen = new EnumMap<>(SnapshotLabel.class);
        Map<String, SnapshotRetention> out = new LinkedHashMap<>();
        // Newest first, as given: a snapshot's rank within its label is how many of that label came before it.
        List<Snapshot> sorted = new ArrayList<>(snapshots);
        sorted.sort(Comparator.comparing(Snapshot::createdAt).reversed());
        Map<String, SnapshotRetention> byName = new java.util.HashMap<>();
        for (Snapshot s : sorted) {
            int rank = seen.merge(s.label(), 1, Integer::sum) - 1;
            SnapshotLabel label = s.label();
            SnapshotRetention r;
            if (label == SnapshotLabel.PRE_RESTORE) {
                Instant until = s.createdAt().plus(PRE_RESTORE_KEEP);
                r = new SnapshotRetention(label, false, false, Optional.of(until), OptionalInt.empty(), until.isBefore(now));
            } else if (label == SnapshotLabel.MANUAL) {
                Instant until = s.createdAt().plus(MANUAL_MIN_AGE);
                boolean among = rank < MANUAL_KEEP;
                r = new SnapshotRetention(label, false, false, until.isBefore(now) ? Optional.empty() : Optional.of(until),
                        among ? OptionalInt.of(MANUAL_KEEP) : OptionalInt.empty(), !among && until.isBefore(now));
            } else {
                int keep = KEEP_NEWEST.get(label);
                r = new SnapshotRetention(label, false, false, Optional.empty(), rank < keep ? OptionalInt.of(keep) : OptionalInt.empty(),
                        rank >= keep);
            }
            byName.put(s.fileName(), r);
        }
        for (Snapshot s : snapshots) {
            out.put(s.fileName(), byName.get(s.fileName()));
        }
        return out;
    }

    @Override
    public String toString() {
        return "RetentionPolicy.defaults()";
    }
}
