package com.daaisuite.backup.core;

import java.util.Objects;

/**
 * Who asked for an operation: a user of the host app, or the system itself (the scheduler). Carried
 * into every event, so the audit trail says who did what.
 *
 * @param id the host's stable user id, or {@code system:<name>}
 * @param displayName a name for audit logs and screens
 */
public record Actor(String id, String displayName) {
    public Actor {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(displayName, "displayName");
        if (id.isBlank()) {
            throw new IllegalArgumentException("Actor.id must not be blank");
        }
    }

    /**
     * An actor for work the library or the host does on its own, such as scheduled backups.
     *
     * @param name for example {@code scheduler}
     * @return the actor {@code system:<name>}
     */
    public static Actor system(String name) {
        return new Actor("system:" + name, name);
    }

    /**
     * A user actor.
     *
     * @param id the host's user id
     * @return an actor whose display name is its id
     */
    public static Actor user(String id) {
        return new Actor(id, id);
    }
}
