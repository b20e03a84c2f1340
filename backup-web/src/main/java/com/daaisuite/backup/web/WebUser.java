package com.daaisuite.backup.web;

import com.daaisuite.backup.core.Actor;
import com.daaisuite.backup.core.Permission;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Who is looking at the screen, as the host's {@link HostIdentity} says: the actor the library records,
 * the one workspace (tenant) they act for, what they may do, and the host's session id.
 *
 * <p>The tenant id comes from the host's own session, never from the browser: no endpoint takes a
 * tenant id as a parameter. The permissions decide what the page shows; every endpoint checks them
 * again, and the library's {@code AccessPolicy} checks them a third time.
 *
 * @param actor who acts, as recorded in events and manifests
 * @param tenantId the workspace they act for
 * @param permissions what they may do ({@link Permission#CREATE} for Backup Now, {@link Permission#RESTORE}
 *     for restores); copied
 * @param sessionId the host's session identifier; CSRF tokens are bound to it, so it must change when
 *     the user logs in again (it is never shown or logged)
 */
public record WebUser(Actor actor, String tenantId, Set<Permission> permissions, String sessionId) {
    /** Validates and copies. */
    public WebUser {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(permissions, "permissions");
        Objects.requireNonNull(sessionId, "sessionId");
        if (tenantId.isBlank()) {
            throw new IllegalArgumentException("WebUser.tenantId must not be blank");
        }
        if (sessionId.isBlank()) {
            throw new IllegalArgumentException("WebUser.sessionId must not be blank: CSRF tokens are bound to the session");
        }
        permissions = permissions.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(permissions));
    }

    /**
     * @param permission a permission
     * @return whether this user holds it
     */
    public boolean may(Permission permission) {
        return permissions.contains(permission);
    }

    @Override
    public String toString() {
        // The session id is a bearer secret in many hosts: never print it.
        return "WebUser[" + actor.id() + " for " + tenantId + ", " + permissions + "]";
    }
}
