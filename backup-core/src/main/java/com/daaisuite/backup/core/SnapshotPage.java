package com.daaisuite.backup.core;

import java.util.List;
import java.util.Objects;

/**
 * One page of {@link SnapshotCatalog#listWithDetails(Actor, String, SnapshotQuery)}: its rows, and
 * enough to draw a pager ("201–205 of 205").
 *
 * @param query the query this page answers
 * @param rows the rows, in the query's order
 * @param matching how many snapshots match the query's label filter, on all pages
 * @param total how many snapshots the tenant has, whatever the filter
 */
public record SnapshotPage(SnapshotQuery query, List<SnapshotInfo> rows, int matching, int total) {

    /** Validates and copies. */
    public SnapshotPage {
        Objects.requireNonNull(query, "query");
        rows = List.copyOf(rows);
    }

    /** @return true if more matching snapshots follow this page */
    public boolean hasMore() {
        return query.offset() + rows.size() < matching;
    }
}
