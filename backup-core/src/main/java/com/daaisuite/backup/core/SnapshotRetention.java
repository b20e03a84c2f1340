package com.daaisuite.backup.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How long a snapshot is kept, as the {@link RetentionPolicy} and the engine's own protections decide
 * (see {@link RetentionPolicy#promises}): what a list shows beside each row, so that no screen or
 * tool restates the rules. Several promises may hold at once; the snapshot stays while any holds.
 *
 * <p>Count rules have no date: a snapshot kept "while among the 14 newest 24-hour backups" goes when
 * the 14th newer one is taken, whenever that is. A time rule has a date: {@link #keptUntil()}.
 *
 * @param label the snapshot's label (what {@link #whileAmongNewest()} counts)
 * @param pinned a legal hold: never pruned or deleted until unpinned (the engine's rule)
 * @param newest the tenant's newest snapshot: never pruned while it is the newest (the engine's rule)
 * @param keptUntil kept at least until this time (a time rule, such as pre-restore's 7 days)
 * @param whileAmongNewest kept while among this many newest snapshots of {@code label} (a count rule)
 * @param due the policy selects it for deletion now: it goes at the next retention run (after the
 *     next successful backup) unless pinned or the newest
 */
public record SnapshotRetention(SnapshotLabel label, boolean pinned, boolean newest, Optional<Instant> keptUntil,
        OptionalInt whileAmongNewest, boolean due) {

    /** Validates. */
    public SnapshotRetention {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(keptUntil, "keptUntil");
        Objects.requireNonNull(whileAmongNewest, "whileAmongNewest");
    }

    /**
     * What a policy that cannot explain itself says: kept until it decides otherwise.
     *
     * @param label the snapshot's label
     * @param due whether the policy selects it for deletion now
     * @return a promise with no date and no count
     */
    public static SnapshotRetention asPolicyDecides(SnapshotLabel label, boolean due) {
        return new SnapshotRetention(label, false, false, Optional.empty(), OptionalInt.empty(), due);
    }

    /** @return true if the engine protects it whatever the policy says (pinned, or the newest) */
    public boolean protectedByEngine() {
        return pinned || newest;
    }

    /** @return true if it goes at the next retention run */
    public boolean goesAtNextRun() {
        return due && !protectedByEngine();
    }

    /** @return true if neither a date nor a count nor a protection can be stated */
    public boolean undescribed() {
        return !protectedByEngine() && !due && keptUntil.isEmpty() && whileAmongNewest.isEmpty();
    }

    /**
     * @param isPinned whether the snapshot is pinned
     * @param isNewest whether it is the tenant's newest
     * @return this promise with the engine's protections, as the pruner applies them after the policy
     */
    public SnapshotRetention withProtections(boolean isPinned, boolean isNewest) {
        return new SnapshotRetention(label, isPinned, isNewest, keptUntil, whileAmongNewest, due);
    }
}
