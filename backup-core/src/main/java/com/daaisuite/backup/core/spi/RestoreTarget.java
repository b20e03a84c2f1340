package com.daaisuite.backup.core.spi;

import java.util.Objects;
import java.util.Optional;

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
 * @param database the database to replace
 * @param fromDatabase the payload's database when it differs and the mapping is intended
 * @param journalSeal seals the source's journal entries of this restore; empty when the caller has no key
 */
public record RestoreTarget(String database, Optional<String> fromDatabase, Optional<JournalSeal> journalSeal) {
    public RestoreTarget {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(fromDatabase, "fromDatabase");
        Objects.requireNonNull(journalSeal, "journalSeal");
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
        return new RestoreTarget(database, fromDatabase, Optional.of(seal));
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
