package com.daaisuite.backup.core;

import com.daaisuite.backup.core.spi.AccessPolicy;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Permission presets for the three roles most hosts have, as a starting point: map each user to a role per
 * workspace and get an {@link AccessPolicy} with {@link #policy}. A host whose roles differ writes its own
 * policy over {@link Permission}; nothing else in the library knows these roles.
 *
 * <pre>{@code
 * AccessPolicy access = BackupRole.policy((actor, tenant) ->
 *         memberships.roleOf(actor.id(), tenant.id()).map(role -> switch (role) {
 *             case "admin" -> BackupRole.OWNER;
 *             case "support" -> BackupRole.OPERATOR;
 *             default -> BackupRole.VIEWER;
 *         }));
 * }</pre>
 */
public enum BackupRole {
    /** Sees backups: the list, details, verification, the status line and a dry-run prune. */
    VIEWER(EnumSet.of(Permission.VIEW)),
    /**
     * Also takes backups (Backup Now before a risky change). Cannot restore, pin, delete or touch keys: each of
     * those destroys or holds data, and is the owner's decision.
     */
    OPERATOR(EnumSet.of(Permission.VIEW, Permission.CREATE)),
    /** Every permission: restore, legal hold (pin), delete and prune, re-keying. */
    OWNER(EnumSet.allOf(Permission.class));

    private final Set<Permission> permissions;

    BackupRole(EnumSet<Permission> permissions) {
        this.permissions = Collections.unmodifiableSet(permissions);
    }

    /** @return the permissions this role holds */
    public Set<Permission> permissions() {
        return permissions;
    }

    /**
     * @param permission a permission
     * @return true if this role holds it
     */
    public boolean allows(Permission permission) {
        return permissions.contains(permission);
    }

    /**
     * An access policy over the host's role assignment.
     *
     * @param roleOf the actor's role in the workspace, or empty for none (then nothing is allowed)
     * @return the policy
     */
    public static AccessPolicy policy(BiFunction<Actor, Tenant, Optional<BackupRole>> roleOf) {
        Objects.requireNonNull(roleOf, "roleOf");
        return (actor, permission, tenant) -> {
            Optional<BackupRole> role = roleOf.apply(actor, tenant);
            return role != null && role.isPresent() && role.get().allows(permission);
        };
    }
}
