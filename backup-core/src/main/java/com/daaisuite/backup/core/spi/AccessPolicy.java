package com.daaisuite.backup.core.spi;

import com.daaisuite.backup.core.Actor;
import com.daaisuite.backup.core.Permission;
import com.daaisuite.backup.core.Tenant;

/**
 * The host's permission check. There is deliberately no default: a host must say who may back up
 * ({@link Permission#CREATE}) and who may restore ({@link Permission#RESTORE}).
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
