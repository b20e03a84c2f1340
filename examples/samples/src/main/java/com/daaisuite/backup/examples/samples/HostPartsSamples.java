package com.daaisuite.backup.examples.samples;

import com.daaisuite.backup.core.Actor;
import com.daaisuite.backup.core.AuditListeners;
import com.daaisuite.backup.core.BackupRole;
import com.daaisuite.backup.core.Backups;
import com.daaisuite.backup.core.DocumentRestorePreview;
import com.daaisuite.backup.core.CollectionRestorePreview;
import com.daaisuite.backup.core.DocumentRestoreResult;
import com.daaisuite.backup.core.LiveTenantDirectory;
import com.daaisuite.backup.core.RestoreRequest;
import com.daaisuite.backup.core.RestoreResult;
import com.daaisuite.backup.core.RestoreScope;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.spi.AccessPolicy;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * The samples of the host-side helpers' Javadoc and of docs/hosting.md, compiled like those of {@link Samples}.
 * The methods are never run; their parameters stand for what the host has.
 */
@SuppressWarnings("unused")
final class HostPartsSamples {
    private HostPartsSamples() {}

    /** The host's own workspace table. */
    interface WorkspaceRepository {
        List<Tenant> loadAll();
    }

    /** The host's own role assignments. */
    interface Memberships {
        Optional<String> roleOf(String userId, String workspaceId);
    }

    /** The host's own audit table. */
    interface AuditLog {
        void record(Instant at, String actor, String what, String tenant, String file, String detail);
    }

    static LiveTenantDirectory liveDirectory(WorkspaceRepository workspaceRepository) {
        // sample: LiveTenantDirectory Javadoc
        LiveTenantDirectory tenants = LiveTenantDirectory.of(workspaceRepository.loadAll());
        Backups.builder().tenants(tenants);
        // when the host's own workspace table changes:
        tenants.put(Tenant.builder("globex").workspaceName("Globex").databaseName("daai_globex").build());
        tenants.suspend("acme");                          // subscription lapsed: scheduled backups stop
        tenants.rezone("initech", ZoneId.of("Europe/Berlin"));
        // end-sample
        return tenants;
    }

    static AccessPolicy roles(Memberships memberships) {
        // sample: BackupRole Javadoc
        AccessPolicy access = BackupRole.policy((actor, tenant) ->
                memberships.roleOf(actor.id(), tenant.id()).map(role -> switch (role) {
                    case "admin" -> BackupRole.OWNER;
                    case "support" -> BackupRole.OPERATOR;
                    default -> BackupRole.VIEWER;
                }));
        // end-sample
        return access;
    }

    static void audit(AuditLog auditLog) {
        // sample: AuditListeners Javadoc
        Backups.builder().listener(AuditListeners.withoutProgress(event -> auditLog.record(
                event.at(), event.actorIfAny().map(Actor::id).orElse("-"), event.type().name(), event.tenantId(),
                event.fileName(), event.detail())));
        // end-sample
    }

    static DocumentRestoreResult documentRestore(Backups backups, Actor actor) {
        // sample: restore.md: chosen documents
        RestoreRequest r = new RestoreRequest("acme", "manual_20261126T040755Z.gz.enc", "Acme Corp")
                .documents(RestoreScope.documents("invoices", List.of("\"INV-001\"", "{\"$oid\": \"64b7f0c2a1b2c3d4e5f60718\"}"))
                        .onlyMissing());
        DocumentRestorePreview p = backups.restores().previewDocuments(actor, r);   // counts; writes nothing
        DocumentRestoreResult done = backups.restores().restoreDocuments(actor, r);
        // end-sample
        return done;
    }

    static RestoreResult collectionRestore(Backups backups, Actor actor) {
        // sample: restore.md: chosen collections
        RestoreRequest r = new RestoreRequest("acme", "manual_20261126T040755Z.gz.enc", "Acme Corp")
                .collections(RestoreScope.collections(List.of("invoices", "leads")));
        CollectionRestorePreview p = backups.restores().previewCollections(actor, r);   // per collection; writes nothing
        RestoreResult done = backups.restores().restore(actor, r);                      // done.scope() names them
        // end-sample
        return done;
    }

    static Backups.Builder collectionRestoreGate() {
        // sample: restore.md: collection restores without the gate
        Backups.Builder builder = Backups.builder().collectionRestoreGate(false);   // default true
        // end-sample
        return builder;
    }
}
