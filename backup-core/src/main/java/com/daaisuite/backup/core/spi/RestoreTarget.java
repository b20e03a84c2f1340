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
 * @param database the database to replace
 * @param fromDatabase the payload's database when it differs and the mapping is intended
 */
public record RestoreTarget(String database, Optional<String> fromDatabase) {
    public RestoreTarget {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(fromDatabase, "fromDatabase");
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
