package com.daaisuite.backup.core;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What part of a snapshot a {@link RestoreRequest} restores (docs/restore.md, "Restoring part of a
 * snapshot").
 *
 * <ul>
 *   <li>{@link WholeDatabase} (the default): the snapshot replaces the whole database, through
 *       {@link RestoreService#restore}.
 *   <li>{@link Collections}: chosen collections become exactly the snapshot's (documents, indexes, options)
 *       and every other collection is untouched, through {@link RestoreService#previewCollections} and
 *       {@link RestoreService#restore}, on the journaled swap of the whole restore.
 *   <li>{@link Documents}: chosen documents of one collection are written back into the live
 *       collection, through {@link RestoreService#previewDocuments} and {@link RestoreService#restoreDocuments};
 *       nothing is deleted and no other document changes.
 * </ul>
 *
 * <p>More scopes may be added as permitted types; code that switches over this sealed type should keep a
 * default branch.
 */
public sealed interface RestoreScope permits RestoreScope.WholeDatabase, RestoreScope.Collections, RestoreScope.Documents {

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

    /**
     * @param names the collections to restore, each a user collection the snapshot holds
     * @return a collections scope restoring exactly those collections
     */
    static Collections collections(Collection<String> names) {
        return new Collections(List.copyOf(names));
    }

    /** The whole database: the snapshot replaces it. */
    record WholeDatabase() implements RestoreScope {}

    /**
     * Chosen collections: each becomes exactly the snapshot's collection (documents, indexes, options);
     * every other collection of the live database is untouched. Each must be in the snapshot (a
     * collection the snapshot does not hold is refused, not dropped).
     *
     * @param names the collection names, sorted and without duplicates
     */
    record Collections(List<String> names) implements RestoreScope {
        /** The most collections one request may name. */
        public static final int MAX_COLLECTIONS = 10_000;

        public Collections {
            Objects.requireNonNull(names, "names");
            if (names.isEmpty()) {
                throw new InvalidSelectionException("Name at least one collection to restore (none was given).");
            }
            if (names.size() > MAX_COLLECTIONS) {
                throw new InvalidSelectionException("At most " + MAX_COLLECTIONS + " collections can be restored at once ("
                        + names.size() + " were named); restore the whole database instead.");
            }
            TreeSet<String> sorted = new TreeSet<>();
            for (String n : names) {
                requireUserCollection(n);
                if (!sorted.add(n)) {
                    throw new InvalidSelectionException("The collection '" + n + "' is named twice; name each collection once.");
                }
            }
            names = List.copyOf(sorted);
        }
    }

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
            requireUserCollection(collection);
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

    private static void requireUserCollection(String collection) {
        Objects.requireNonNull(collection, "collection");
        if (collection.isEmpty() || collection.startsWith("system.") || collection.indexOf('\0') >= 0
                || collection.indexOf('$') >= 0) {
            throw new InvalidSelectionException("The collection name '" + collection + "' cannot be restored into: name "
                    + "a user collection (not empty, not system.*, without $ or NUL).");
        }
    }
}
