package com.daaisuite.backup.core.spi;

import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which database a restore replaces.
 *
 * <p>A payload whose namespaces belong to another database than {@link #database()} is refused
 * unless {@link #fromDatabase()} names that database explicitly: restoring tenant A's dump into
 * tenant B's database must be a deliberate act.
 *
 * <p>{@link #journalSeal()} authenticates the restore journal a source keeps while it swaps: the
 * library passes the tenant's seal, so that recovery later acts only on entries it wrote (see
 * {@link DatabaseSource#recoverRestore(String, JournalSeal)}).
 *
 * <p>{@link #collections()} restricts the restore to chosen collections (the collections restore of
 * docs/restore.md): only those are staged and swapped, each becomes exactly the payload's collection, and
 * every other collection of the database is left as it is (not set aside, not dropped). A source that
 * cannot restore a subset says so through {@link DatabaseSource#restoresCollections()}; the library never
 * hands it such a target.
 *
 * @param database the database to replace
 * @param fromDatabase the payload's database when it differs and the mapping is intended
 * @param journalSeal seals the source's journal entries of this restore; empty when the caller has no key
 * @param collections the collections to restore, sorted; empty for the whole database
 */
public record RestoreTarget(String database, Optional<String> fromDatabase, Optional<JournalSeal> journalSeal,
        Optional<Set<String>> collections) {
    public RestoreTarget {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(fromDatabase, "fromDatabase");
        Objects.requireNonNull(journalSeal, "journalSeal");
        Objects.requireNonNull(collections, "collections");
        if (collections.isPresent()) {
            TreeSet<String> sorted = new TreeSet<>(collections.get());
            if (sorted.isEmpty()) {
                throw new IllegalArgumentException("A restore of chosen collections must name at least one; "
                        + "use Optional.empty() for the whole database");
            }
            collections = Optional.of(Collections.unmodifiableSortedSet(sorted));
        }
    }

    /**
     * @param database the database to replace
     * @param fromDatabase the payload's database when it differs and the mapping is intended
     * @param journalSeal seals the source's journal entries of this restore; empty when the caller has no key
     */
    public RestoreTarget(String database, Optional<String> fromDatabase, Optional<JournalSeal> journalSeal) {
        this(database, fromDatabase, journalSeal, Optional.empty());
    }

    /**
     * @param database the database to replace
     * @param fromDatabase the payload's database when it differs and the mapping is intended
     */
    public RestoreTarget(String database, Optional<String> fromDatabase) {
        this(database, fromDatabase, Optional.empty());
    }

    /**
     * @param seal seals the source's journal entries of this restore
     * @return this target with the seal
     */
    public RestoreTarget withJournalSeal(JournalSeal seal) {
        return new RestoreTarget(database, fromDatabase, Optional.of(seal), collections);
    }

    /**
     * @param names the collections to restore (at least one); every other collection is left as it is
     * @return this target restricted to those collections
     */
    public RestoreTarget withCollections(Collection<String> names) {
        return new RestoreTarget(database, fromDatabase, journalSeal, Optional.of(Set.copyOf(names)));
    }

    /** @return whether the whole database is replaced (no {@link #collections()} chosen) */
    public boolean wholeDatabase() {
        return collections.isEmpty();
    }

    /**
     * @param collection a collection of the payload
     * @return whether this restore replaces it: always for the whole database, else only a chosen one
     */
    public boolean includes(String collection) {
        return collections.map(c -> c.contains(collection)).orElse(true);
    }

    /**
     * @param database the database to replace; the payload must be of the same database
     * @return the target
     */
    public static RestoreTarget of(String database) {
        return new RestoreTarget(database, Optional.empty());
    }

    /**
     * @param database the database to replace
     * @param fromDatabase the database the payload was dumped from
     * @return the target, mapping {@code fromDatabase} onto {@code database}
     */
    public static RestoreTarget mapping(String fromDatabase, String database) {
        return new RestoreTarget(database, Optional.of(fromDatabase));
    }
}
