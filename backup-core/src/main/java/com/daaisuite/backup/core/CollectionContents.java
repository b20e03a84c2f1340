package com.daaisuite.backup.core;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One collection of a {@link SnapshotContents}.
 *
 * @param name the collection's name
 * @param type {@code collection}, {@code view} or {@code timeseries}
 * @param documents its documents
 * @param bytes its documents' bytes
 * @param indexNames its indexes' names (empty when the snapshot did not record them)
 * @param digest its contents digest: SHA-256, 64 lower-case hex digits, that depends on the set of
 *     documents and not on their order (see docs/operations.md, "Choosing a restore point")
 */
public record CollectionContents(String name, String type, long documents, long bytes, List<String> indexNames, String digest) {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /** Validates: names present, counts not negative, a digest of 64 hex digits. */
    public CollectionContents {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        indexNames = List.copyOf(indexNames);
        if (documents < 0 || bytes < 0) {
            throw new IllegalArgumentException("collection " + name + " has a negative count");
        }
        if (digest == null || !SHA256.matcher(digest).matches()) {
            throw new IllegalArgumentException("collection " + name + " has no SHA-256 contents digest");
        }
    }
}
