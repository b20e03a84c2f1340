package com.daaisuite.backup.core.spi;

import com.daaisuite.backup.core.Actor;
import com.daaisuite.backup.core.Permission;
import com.daaisuite.backup.core.Tenant;

/**
 * The host's permission check, asked on every public operation with the {@link Permission} that
 * operation needs. There is deliberately no default: a host must say who may see backups
 * ({@link Permission#VIEW}), back up ({@link Permission#CREATE}), restore ({@link Permission#RESTORE}),
 * pin ({@link Permission#RETENTION}), delete ({@link Permission#DELETE}) and handle keys
 * ({@link Permission#KEYS}). A refusal is a {@link com.daaisuite.backup.core.PermissionDeniedException}
 * and an {@link com.daaisuite.backup.core.BackupEvent.Type#OPERATION_REFUSED} event naming the actor.
 *
 * <p>The scheduler tick ({@link com.daaisuite.backup.core.BackupService#runDue}) is not asked about:
 * the host calling it is the authority, and its work is recorded under the system actor the host
 * named with {@code Backups.Builder.systemActor(..)}.
 */
@FunctionalInterface
public interface AccessPolicy {

    /**
     * @param actor who asks
     * @param permission what for
     * @param tenant which workspace
     * @return true if allowed
     */
    boolean allows(Actor actor, Permission permission, Tenant tenant);
}
