package com.daaisuite.backup.core;

import java.util.Objects;
import java.util.Optional;

/**
 * Which page of a tenant's snapshots {@link SnapshotCatalog#listWithDetails(Actor, String, SnapshotQuery)}
 * returns: an order by creation time, an optional label filter, and an offset and limit. Immutable;
 * start from {@link #firstPage(int)} and derive the others.
 *
 * @param offset how many matching snapshots to skip, 0 or more
 * @param limit how many rows at most, 1..{@value SnapshotCatalog#MAX_DETAIL_ROWS}
 * @param oldestFirst true for oldest first, false (the default) for newest first
 * @param label only snapshots with this label, or empty for all
 */
public record SnapshotQuery(int offset, int limit, boolean oldestFirst, Optional<SnapshotLabel> label) {

    /** Validates. */
    public SnapshotQuery {
        Objects.requireNonNull(label, "label");
        if (offset < 0 || limit < 1 || limit > SnapshotCatalog.MAX_DETAIL_ROWS) {
            throw new IllegalArgumentException("SnapshotQuery: offset must be 0 or more and limit 1.."
                    + SnapshotCatalog.MAX_DETAIL_ROWS + ", got offset " + offset + " and limit " + limit
                    + "; page through longer lists");
        }
    }

    /**
     * @param limit rows per page, 1..{@value SnapshotCatalog#MAX_DETAIL_ROWS}
     * @return the newest {@code limit} snapshots, all labels
     */
    public static SnapshotQuery firstPage(int limit) {
        return new SnapshotQuery(0, limit, false, Optional.empty());
    }

    /**
     * @param newOffset how many matching snapshots to skip
     * @return this query at another offset
     */
    public SnapshotQuery atOffset(int newOffset) {
        return new SnapshotQuery(newOffset, limit, oldestFirst, label);
    }

    /**
     * @param oldest true for oldest first
     * @return this query in that order, from its first page
     */
    public SnapshotQuery oldestFirst(boolean oldest) {
        return new SnapshotQuery(0, limit, oldest, label);
    }

    /**
     * @param only the label to keep, or null for all
     * @return this query with that filter, from its first page
     */
    public SnapshotQuery withLabel(SnapshotLabel only) {
        return new SnapshotQuery(0, limit, oldestFirst, Optional.ofNullable(only));
    }
}
