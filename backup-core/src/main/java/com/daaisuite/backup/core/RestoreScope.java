package com.daaisuite.backup.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What part of a snapshot a {@link RestoreRequest} restores (docs/restore.md, "Restoring part of a
 * snapshot").
 *
 * <ul>
 *   <li>{@link WholeDatabase} (the default): the snapshot replaces the whole database, through
 *       {@link RestoreService#restore}.
 *   <li>{@link Documents}: chosen documents of one collection are written back into the live
 *       collection, through {@link RestoreService#previewDocuments} and {@link RestoreService#restoreDocuments};
 *       nothing is deleted and no other document changes.
 * </ul>
 *
 * <p>Planned: a {@code Collections} scope (chosen collections become exactly the snapshot's, through the
 * journaled swap of the whole restore). It will be added as a third permitted type; code that switches
 * over this sealed type should keep a default branch.
 */
public sealed interface RestoreScope permits RestoreScope.WholeDatabase, RestoreScope.Documents {

    /** The whole database, the default. */
    RestoreScope WHOLE_DATABASE = new WholeDatabase();

    /**
     * @param collection the live collection to write into (and the snapshot's collection to read from)
     * @param ids the {@code _id}s to restore, each in canonical extended JSON ({@code {"$oid": "..."}},
     *     {@code "INV-001"}, {@code {"$numberInt": "42"}}) or a plain string or number
     * @return a documents scope choosing those documents, writing missing and changed ones
     */
    static Documents documents(String collection, List<String> ids) {
        return new Documents(collection, ids, Optional.empty(), false);
    }

    /**
     * @param collection the live collection to write into (and the snapshot's collection to read from)
     * @param filter a MongoDB query, as JSON, in the subset docs/restore.md describes (equality,
     *     {@code $eq $ne $in $nin $gt $gte $lt $lte $exists} on top-level fields), evaluated on the
     *     snapshot's documents
     * @return a documents scope choosing the snapshot's documents the filter matches
     */
    static Documents documentsMatching(String collection, String filter) {
        return new Documents(collection, List.of(), Optional.of(filter), false);
    }

    /** The whole database: the snapshot replaces it. */
    record WholeDatabase() implements RestoreScope {}

    /**
     * Chosen documents of one collection: the snapshot's version of each is inserted when it is missing
     * from the live collection and replaced when it differs (BSON-exact, by {@code _id}), unless
     * {@code missingOnly}. Documents the snapshot does not have are never touched or deleted.
     *
     * @param collection the collection
     * @param ids the chosen {@code _id}s (see {@link RestoreScope#documents}); empty when a filter chooses
     * @param filter the filter that chooses (see {@link RestoreScope#documentsMatching}); empty when ids choose
     * @param missingOnly true to insert missing documents only and leave every live document as it is
     */
    record Documents(String collection, List<String> ids, Optional<String> filter, boolean missingOnly) implements RestoreScope {
        /** The most {@code _id}s one request may name. */
        public static final int MAX_IDS = 100_000;

        public Documents {
            Objects.requireNonNull(collection, "collection");
            Objects.requireNonNull(filter, "filter");
            ids = List.copyOf(ids);
            if (collection.isEmpty() || collection.startsWith("system.") || collection.indexOf('\0') >= 0
                    || collection.indexOf('$') >= 0) {
                throw new InvalidSelectionException("The collection name '" + collection + "' cannot be restored into: name "
                        + "a user collection (not empty, not system.*, without $ or NUL).");
            }
            if (ids.isEmpty() == filter.isEmpty()) {
                throw new InvalidSelectionException("Choose the documents to restore either by their _ids or by a filter, "
                        + "exactly one of the two (" + (ids.isEmpty() ? "neither was given" : "both were given") + ").");
            }
            if (ids.size() > MAX_IDS) {
                throw new InvalidSelectionException("At most " + MAX_IDS + " _ids can be restored at once (" + ids.size()
                        + " were named); use a filter, or restore in parts.");
            }
            if (filter.isPresent() && filter.get().isBlank()) {
                throw new InvalidSelectionException("The filter is empty; write a MongoDB query such as {\"status\": \"paid\"}.");
            }
        }

        /** @return a copy that only inserts documents missing from the live collection */
        public Documents onlyMissing() {
            return new Documents(collection, ids, filter, true);
        }
    }
}
