package com.daaisuite.backup.core.internal;

import com.daaisuite.backup.BackupException;
import com.daaisuite.backup.core.Actor;
import com.daaisuite.backup.core.BackupEvent;
import com.daaisuite.backup.core.FrequencyNotAllowedException;
import com.daaisuite.backup.core.Permission;
import com.daaisuite.backup.core.PermissionDeniedException;
import com.daaisuite.backup.core.QuotaExceededException;
import com.daaisuite.backup.core.Snapshot;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.TenantSuspendedException;
import com.daaisuite.backup.core.UnknownTenantException;
import com.daaisuite.backup.core.spi.AccessPolicy;
import com.daaisuite.backup.core.spi.MaintenanceGate;
import com.daaisuite.backup.core.spi.QuotaPolicy;
import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.core.spi.TenantDirectory;
import com.daaisuite.backup.crypto.KeyMissingException;
import com.daaisuite.backup.crypto.MasterKey;
import com.daaisuite.backup.crypto.spi.KeyProvider;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's rules applied before anything changes: the tenant exists, the actor holds the
 * permission, the tenant is active and its frequency allowed, a key is configured, the quota has
 * room; and the maintenance gate around a restore. Each refusal is an event and a precise
 * exception, and nothing is written.
 */
public final class Guards {
    private static final Logger LOG = LoggerFactory.getLogger(Guards.class);

    private final TenantDirectory tenants;
    private final AccessPolicy access;
    private final QuotaPolicy quota;
    private final MaintenanceGate gate;
    private final KeyProvider keys;
    private final boolean allowPlaintext;
    private final Events events;
    private final TenantActivity activity;

    /**
     * @param tenants the host's tenant directory
     * @param access the host's permission check
     * @param quota the host's quota
     * @param gate the host's maintenance gate
     * @param keys the key provider
     * @param allowPlaintext whether a backup without a key is allowed
     * @param events where refusals go
     * @param activity where a refused backup is remembered as the tenant's last failure
     */
    public Guards(TenantDirectory tenants, AccessPolicy access, QuotaPolicy quota, MaintenanceGate gate, KeyProvider keys,
            boolean allowPlaintext, Events events, TenantActivity activity) {
        this.tenants = tenants;
        this.access = access;
        this.quota = quota;
        this.gate = gate;
        this.keys = keys;
        this.allowPlaintext = allowPlaintext;
        this.events = events;
        this.activity = activity;
    }

    /** The tenant the directory knows by this id; an invalid or unknown id is refused. */
    Tenant tenant(String tenantId) {
        StorageKey.requireValidTenantId(tenantId);
        return tenants.find(tenantId).orElseThrow(() -> new UnknownTenantException("The tenant directory does not know tenant '"
                + tenantId + "'. Check the id, or that the host's TenantDirectory serves it."));
    }

    /**
     * The one permission check every public operation goes through: refuses an actor without the
     * permission with a {@link PermissionDeniedException} and an OPERATION_REFUSED event naming the
     * actor, the operation and the permission, before anything is read or changed.
     *
     * @param operation what the actor tried, for the message and the event ("back up", "list the snapshots of")
     * @param fileName the snapshot concerned, or null
     */
    void requirePermission(Actor actor, Permission permission, Tenant t, String operation, String fileName) {
        java.util.Objects.requireNonNull(actor, "actor: every operation names who asks");
        if (!access.allows(actor, permission, t)) {
            PermissionDeniedException x = new PermissionDeniedException(actor.id() + " may not " + operation + " tenant " + t.id()
                    + ": the " + permission + " permission is missing. Nothing was changed; ask an administrator for the permission.");
            events.simple(BackupEvent.Type.OPERATION_REFUSED, t.id(), actor, fileName,
                    operation + ": permission " + permission + " denied", x);
            throw x;
        }
    }

    /** Refuses a backup of a suspended tenant. */
    void requireActive(Tenant t, Actor actor) {
        if (!t.active()) {
            TenantSuspendedException x = new TenantSuspendedException("Tenant " + t.id()
                    + " is suspended, so no backup was taken. Reactivate the workspace first.");
            events.simple(BackupEvent.Type.BACKUP_REFUSED, t.id(), actor, null, "the tenant is suspended", x);
            throw x;
        }
    }

    /** @return whether the tenant's schedule is allowed for it (a sandbox-only frequency on a sandbox) */
    static boolean frequencyAllowed(Tenant t) {
        return !t.frequency().sandboxOnly() || t.sandbox();
    }

    /** Refuses a scheduled backup whose frequency is not allowed for the tenant. */
    void requireFrequencyAllowed(Tenant t, Actor actor) {
        if (!frequencyAllowed(t)) {
            FrequencyNotAllowedException x = frequencyNotAllowed(t);
            events.simple(BackupEvent.Type.BACKUP_REFUSED, t.id(), actor, null, FREQUENCY_REFUSAL, x);
            throw x;
        }
    }

    /** The event detail of a refused frequency. */
    static final String FREQUENCY_REFUSAL = "frequency daily is for sandboxes only";

    static FrequencyNotAllowedException frequencyNotAllowed(Tenant t) {
        return new FrequencyNotAllowedException("Tenant " + t.id() + " is scheduled '" + t.frequency().label()
                + "', which is allowed for sandbox workspaces only; no scheduled backup was taken. "
                + "Choose 24-hour or a longer frequency for this workspace.");
    }

    /** The current key, or empty for an allowed plaintext backup; refuses (with an event) otherwise. */
    Optional<MasterKey> requireKey(Tenant t, Actor actor, BackupEvent.Type refusalType) {
        Optional<MasterKey> key;
        try {
            key = keys.currentKey();
        } catch (BackupException e) {
            events.simple(refusalType, t.id(), actor, null, "the encryption key is not usable: " + e.getMessage(), e);
            activity.failed(t.id(), e.getMessage());
            throw e;
        }
        if (key.isEmpty() && !allowPlaintext) {
            KeyMissingException e = new KeyMissingException("No encryption key is configured, so no backup of tenant " + t.id()
                    + " was made and nothing was written. " + keys.howToConfigureKey());
            events.simple(refusalType, t.id(), actor, null, "no encryption key is configured", e);
            activity.failed(t.id(), e.getMessage());
            throw e;
        }
        return key;
    }

    /** The quota headroom, after refusing (with an event) a backup whose estimate does not fit. */
    OptionalLong checkQuota(Tenant t, Actor actor, TenantFolders.Listing listing, BackupEvent.Type refusalType) {
        OptionalLong headroom = quota.headroomBytes(t);
        if (headroom.isEmpty()) {
            return headroom;
        }
        long estimate = listing.newest().map(Snapshot::sizeBytes).orElse(0L);
        long h = headroom.getAsLong();
        if (h <= 0 || estimate > h) {
            QuotaExceededException e = new QuotaExceededException("A backup of tenant " + t.id() + " would exceed its storage quota: "
                    + Math.max(0, h) + " bytes are left and the last snapshot took " + estimate
                    + " bytes. Nothing was written. Free space, prune old snapshots or raise the quota.");
            events.simple(refusalType, t.id(), actor, null, "storage quota: " + Math.max(0, h) + " bytes left, about "
                    + estimate + " needed", e);
            activity.failed(t.id(), e.getMessage());
            throw e;
        }
        return headroom;
    }

    /** What the status line says about the key: empty when a usable key is configured. */
    Optional<String> keyProblem() {
        try {
            if (keys.currentKey().isPresent()) {
                return Optional.empty();
            }
            return Optional.of(allowPlaintext
                    ? "No encryption key is configured: new backups are written as plaintext .gz. To encrypt them: "
                            + keys.howToConfigureKey()
                    : "No encryption key is configured: new backups will fail. " + keys.howToConfigureKey());
        } catch (BackupException x) {
            return Optional.of("The encryption key is not usable: " + x.getMessage());
        }
    }

    /** Makes the workspace unavailable for a restore; a failure means nothing may be restored. */
    void enterMaintenance(Tenant t, String reason) {
        gate.enter(t, reason);
    }

    /** Reopens the workspace; a failure is logged (the host must reopen it), never thrown over the restore's outcome. */
    void exitMaintenance(Tenant t) {
        try {
            gate.exit(t);
        } catch (RuntimeException x) {
            LOG.error("The maintenance gate of tenant {} could not be left; the host must reopen the workspace", t.id(), x);
        }
    }
}
