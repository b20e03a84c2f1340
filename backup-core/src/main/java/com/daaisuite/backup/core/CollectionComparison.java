package com.daaisuite.backup.core;

import java.util.List;
import java.util.Objects;

/**
 * One collection of a {@link SnapshotComparison}. Documents are matched by identity ({@code _id}) and
 * compared byte for byte (BSON-exact: {@code 1} and {@code 1.0}, or two field orders, differ).
 *
 * @param name the collection's name
 * @param status how the collection itself differs
 * @param onlyInA documents only in A (for A = a snapshot and B = the live data: deleted since)
 * @param onlyInB documents only in B (inserted since)
 * @param changed documents in both with different contents
 * @param same documents in both with the same contents
 * @param samplesOnlyInA up to the asked number of identities of documents only in A, as canonical
 *     extended JSON, in identity order
 * @param samplesOnlyInB the same for documents only in B
 * @param samplesChanged the same for changed documents
 * @param indexesOnlyInA names of indexes only A has
 * @param indexesOnlyInB names of indexes only B has
 */
public record CollectionComparison(String name, Status status, long onlyInA, long onlyInB, long changed, long same,
        List<String> samplesOnlyInA, List<String> samplesOnlyInB, List<String> samplesChanged, List<String> indexesOnlyInA,
        List<String> indexesOnlyInB) {

    /** How a collection differs between A and B. */
    public enum Status {
        /** In both, with the same documents and indexes. */
        SAME,
        /** In both, with some document or index different. */
        CHANGED,
        /** Only in B (created since A). */
        ADDED,
        /** Only in A (dropped since A). */
        REMOVED
    }

    /** Validates: counts not negative, lists copied. */
    public CollectionComparison {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        if (onlyInA < 0 || onlyInB < 0 || changed < 0 || same < 0) {
            throw new IllegalArgumentException("collection " + name + " has a negative count");
        }
        samplesOnlyInA = List.copyOf(samplesOnlyInA);
        samplesOnlyInB = List.copyOf(samplesOnlyInB);
        samplesChanged = List.copyOf(samplesChanged);
        indexesOnlyInA = List.copyOf(indexesOnlyInA);
        indexesOnlyInB = List.copyOf(indexesOnlyInB);
    }

    /**
     * @return the same comparison seen from the other side: A and B swapped, added and removed swapped
     */
    public CollectionComparison mirrored() {
        Status s = switch (status) {
            case ADDED -> Status.REMOVED;
            case REMOVED -> Status.ADDED;
            default -> status;
        };
        return new CollectionComparison(name, s, onlyInB, onlyInA, changed, same, samplesOnlyInB, samplesOnlyInA, samplesChanged,
                indexesOnlyInB, indexesOnlyInA);
    }
}
