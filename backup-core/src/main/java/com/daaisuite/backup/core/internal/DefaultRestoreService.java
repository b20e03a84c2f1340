package com.daaisuite.backup.core.internal;

import com.daaisuite.backup.BackupException;
import com.daaisuite.backup.core.Actor;
import com.daaisuite.backup.core.Origin;
import com.daaisuite.backup.core.UnverifiedOriginException;
import com.daaisuite.backup.core.BackupEvent;
import com.daaisuite.backup.core.ConfirmationMismatchException;
import com.daaisuite.backup.core.DocumentRestorePreview;
import com.daaisuite.backup.core.DocumentRestoreResult;
import com.daaisuite.backup.core.RestoreScope;
import com.daaisuite.backup.core.CollectionRestorePreview;
import com.daaisuite.backup.core.InvalidNameException;
import com.daaisuite.backup.core.Permission;
import com.daaisuite.backup.core.RecoveryReport;
import com.daaisuite.backup.core.RestorePreview;
import com.daaisuite.backup.core.SnapshotManifest;
import com.daaisuite.backup.core.RestoreRequest;
import com.daaisuite.backup.core.RestoreResult;
import com.daaisuite.backup.core.RestoreService;
import com.daaisuite.backup.core.RetentionPolicy;
import com.daaisuite.backup.core.Snapshot;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.spi.RestoreTarget;
import com.daaisuite.backup.core.spi.StorageKey;
import java.util.Objects;
import java.util.Optional;

/**
 * The guarded restore's front door: the request is checked (a valid name, the RESTORE permission,
 * the typed workspace name, an existing snapshot) and then handed to the {@link RestoreWorkflow}.
 */
public final class DefaultRestoreService implements RestoreService {
    private static final String WARNING = "Restoring replaces the whole database of this workspace with the snapshot: changes made "
            + "after it was taken are lost. The workspace is briefly unavailable. A pre-restore safety backup of the "
            + "current data is taken first and ";

    private final Guards guards;
    private final TenantFolders folders;
    private final RestoreWorkflow workflow;
    private final Events events;
    private final OriginRules origins;
    private final TenantLocks locks;
    private final InterruptedRestores recoveries;
    private final String warning;
    private final DocumentRestore documents;
    private final ContentsService contents;
    private final boolean collectionRestoreGate;

    /**
     * @param guards tenant lookup and permission
     * @param folders the tenant's snapshots
     * @param workflow the restore itself
     * @param events where refusals go
     * @param origins the rules for snapshots whose origin no key proves
     * @param locks the tenant's lock, for an explicit recovery
     * @param recoveries finishes interrupted restores
     * @param retention whose pre-restore retention the warning quotes
     * @param documents the document restore
     * @param catalog whose compare engine previews a collections restore
     * @param collectionRestoreGate whether a collections restore enters the maintenance gate (what the preview says)
     */
    public DefaultRestoreService(Guards guards, TenantFolders folders, RestoreWorkflow workflow, Events events,
            OriginRules origins, TenantLocks locks, InterruptedRestores recoveries, RetentionPolicy retention,
            DocumentRestore documents, DefaultSnapshotCatalog catalog, boolean collectionRestoreGate) {
        this.documents = documents;
        this.contents = catalog.contentsService();
        this.collectionRestoreGate = collectionRestoreGate;
        this.guards = guards;
        this.folders = folders;
        this.workflow = workflow;
        this.events = events;
        this.origins = origins;
        this.locks = locks;
        this.recoveries = recoveries;
        this.warning = WARNING + retention.preRestoreRetentionText() + ".";
    }

    @Override
    public RestorePreview prepare(Actor actor, String tenantId, String fileName) {
        Objects.requireNonNull(actor, "actor");
        Tenant t = guards.tenant(tenantId);
        requireValidName(actor, t, fileName);
        guards.requirePermission(actor, Permission.RESTORE, t, "restore", fileName);
        TenantFolders.Listing l = folders.list(t.id());
        Snapshot s = folders.requireSnapshot(l, t.id(), fileName);
        OriginRules.Verdict v = origins.judge(t.id(), s, l);
        return new RestorePreview(t.id(), t.workspaceName(), t.databaseName(), s, s.createdAtIn(t.zone()), s.encrypted(), warning,
                v.origin(), v.note(), contents.manifestOf(t, actor, l, s).flatMap(SnapshotManifest::onlyCollections));
    }

    @Override
    public RestoreResult restore(Actor actor, RestoreRequest request) {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(request, "request");
        if (request.scope() instanceof RestoreScope.Documents) {
            throw new IllegalArgumentException("restore(...) replaces the whole database or chosen collections; a request "
                    + "with a documents scope goes through restoreDocuments(...)");
        }
        RestoreScope.Collections chosen = request.scope() instanceof RestoreScope.Collections c ? c : null;
        if (chosen != null) {
            requireOwnDatabase(request);
        }
        Tenant t = guards.tenant(request.tenantId());
        String file = request.fileName();
        requireValidName(actor, t, file);
        guards.requirePermission(actor, Permission.RESTORE, t, "restore", file);
        String into = request.intoDatabase().orElse(t.databaseName());
        String from = request.fromDatabase().orElse(t.databaseName());
        boolean own = into.equals(t.databaseName());
        // Restoring into another database must name that database: the confirmation says what is replaced.
        String expected = own ? t.workspaceName() : into;
        if (!request.typedWorkspaceName().equals(expected)) {
            ConfirmationMismatchException x = new ConfirmationMismatchException(own
                    ? "The typed name does not match the workspace name of tenant " + t.id() + " exactly, so nothing was "
                            + "restored or changed. Type the workspace name exactly as shown."
                    : "The typed name does not match the name of the target database exactly, so nothing was restored or "
                            + "changed. To restore tenant " + t.id() + "'s snapshot into another database, type that "
                            + "database's name exactly.");
            events.simple(BackupEvent.Type.RESTORE_REFUSED, t.id(), actor, file, (chosen == null ? ""
                    : "collections restore of " + chosen.names() + ": ") + (own ? "typed workspace name does not match"
                    : "typed target database name does not match"), x);
            throw x;
        }
        TenantFolders.Listing l = folders.list(t.id());
        Snapshot snap = requireSnapshot(t, actor, l, file);
        OriginRules.Verdict verdict = requireOrigin(t, actor, snap, l, request, "The snapshot " + file + " of tenant "
                + t.id() + " was not restored and nothing was changed. ", "restore");
        Origin origin = verdict.origin();
        String note = verdict.note();
        RestoreTarget target = from.equals(into) ? RestoreTarget.of(into) : RestoreTarget.mapping(from, into);
        if (chosen != null) {
            target = target.withCollections(chosen.names());
        }
        return workflow.restore(t, snap, actor, origin, note, target);
    }

    /** How many identities of each kind the preview shows per collection. */
    static final int PREVIEW_SAMPLES = 20;

    @Override
    public CollectionRestorePreview previewCollections(Actor actor, RestoreRequest request) {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(request, "request");
        if (!(request.scope() instanceof RestoreScope.Collections chosen)) {
            throw new IllegalArgumentException("previewCollections needs a request with a collections scope "
                    + "(RestoreRequest.collections(RestoreScope.collections(...))); documents go through previewDocuments(...)");
        }
        requireOwnDatabase(request);
        Tenant t = guards.tenant(request.tenantId());
        requireValidName(actor, t, request.fileName());
        guards.requirePermission(actor, Permission.RESTORE, t, "preview a collections restore of", request.fileName());
        TenantFolders.Listing l = folders.list(t.id());
        Snapshot snap = folders.requireSnapshot(l, t.id(), request.fileName());
        return new CollectionRestorePreview(t.id(), t.workspaceName(), t.databaseName(), snap,
                contents.compareCollectionsWithLive(t, actor, l, snap, new java.util.TreeSet<>(chosen.names()), PREVIEW_SAMPLES),
                collectionRestoreGate);
    }

    /** A collections restore writes into the tenant's own database only (the screen and the CLI offer nothing else). */
    private static void requireOwnDatabase(RestoreRequest request) {
        if (request.intoDatabase().isPresent() || request.fromDatabase().isPresent()) {
            throw new com.daaisuite.backup.core.InvalidSelectionException("A restore of chosen collections writes into the "
                    + "tenant's own database from a snapshot of it; it cannot be combined with intoDatabase or fromDatabase. "
                    + "Restore the whole snapshot into another database instead.");
        }
    }

    @Override
    public DocumentRestorePreview previewDocuments(Actor actor, RestoreRequest request) {
        Objects.requireNonNull(actor, "actor");
        RestoreScope.Documents scope = documentsScope(request);
        Tenant t = guards.tenant(request.tenantId());
        requireValidName(actor, t, request.fileName());
        guards.requirePermission(actor, Permission.RESTORE, t, "preview a document restore of", request.fileName());
        Snapshot snap = folders.requireSnapshot(folders.list(t.id()), t.id(), request.fileName());
        return documents.preview(t, actor, snap, scope);
    }

    @Override
    public DocumentRestoreResult restoreDocuments(Actor actor, RestoreRequest request) {
        Objects.requireNonNull(actor, "actor");
        RestoreScope.Documents scope = documentsScope(request);
        Tenant t = guards.tenant(request.tenantId());
        String file = request.fileName();
        requireValidName(actor, t, file);
        guards.requirePermission(actor, Permission.RESTORE, t, "restore documents of", file);
        if (!request.typedWorkspaceName().equals(t.workspaceName())) {
            ConfirmationMismatchException x = new ConfirmationMismatchException("The typed name does not match the workspace "
                    + "name of tenant " + t.id() + " exactly, so no document was restored or changed. Type the workspace "
                    + "name exactly as shown.");
            events.simple(BackupEvent.Type.RESTORE_REFUSED, t.id(), actor, file, "document restore of collection "
                    + scope.collection() + ": typed workspace name does not match", x);
            throw x;
        }
        TenantFolders.Listing l = folders.list(t.id());
        Snapshot snap = requireSnapshot(t, actor, l, file);
        OriginRules.Verdict verdict = requireOrigin(t, actor, snap, l, request, "No document of snapshot " + file
                + " of tenant " + t.id() + " was restored and nothing was changed. ", "document restore");
        Origin origin = verdict.origin();
        String note = verdict.note();
        if (origin != Origin.VERIFIED) {
            events.simple(BackupEvent.Type.UNVERIFIED_RESTORE, t.id(), actor, file, origin + ": " + note, null);
        }
        return documents.restore(t, actor, snap, scope);
    }

    /** The chosen snapshot from the listing; a name that is not there is refused and audited. */
    private Snapshot requireSnapshot(Tenant t, Actor actor, TenantFolders.Listing l, String file) {
        try {
            return folders.requireSnapshot(l, t.id(), file);
        } catch (BackupException x) {
            events.simple(BackupEvent.Type.RESTORE_REFUSED, t.id(), actor, file, "no such snapshot", x);
            throw x;
        }
    }

    /** The origin rules, one place for every kind of restore: a refusal is audited as an integrity failure. */
    private OriginRules.Verdict requireOrigin(Tenant t, Actor actor, Snapshot snap, TenantFolders.Listing l,
            RestoreRequest request, String refusedPrefix, String what) {
        OriginRules.Verdict verdict = origins.judge(t.id(), snap, l);
        Origin origin = verdict.origin();
        if (origin == Origin.REFUSED || (origin == Origin.NEEDS_OVERRIDE && !request.acceptUnverifiedOrigin())) {
            UnverifiedOriginException x = new UnverifiedOriginException(refusedPrefix + verdict.note());
            events.simple(BackupEvent.Type.RESTORE_REFUSED, t.id(), actor, snap.fileName(), "origin rule " + origin + ": "
                    + verdict.note(), x);
            events.simple(BackupEvent.Type.INTEGRITY_FAILURE, t.id(), actor, snap.fileName(), what + ": origin rule " + origin
                    + ": " + verdict.note(), x);
            throw x;
        }
        return verdict;
    }

    private static RestoreScope.Documents documentsScope(RestoreRequest request) {
        Objects.requireNonNull(request, "request");
        if (request.scope() instanceof RestoreScope.Documents d) {
            return d;
        }
        throw new IllegalArgumentException("previewDocuments/restoreDocuments need a request with a documents scope "
                + "(RestoreRequest.documents(RestoreScope.documents(...))); the whole database goes through restore(...)");
    }

    @Override
    public RecoveryReport recover(Actor actor, String tenantId) {
        Objects.requireNonNull(actor, "actor");
        Tenant t = guards.tenant(tenantId);
        guards.requirePermission(actor, Permission.RESTORE, t, "recover the restore of", null);
        Optional<LeaseKeeper> lease = locks.tryLock(t.id(), "recover");
        if (lease.isEmpty()) {
            BackupException x = TenantLocks.busy(t.id(), "recover the restore of");
            events.simple(BackupEvent.Type.RESTORE_REFUSED, t.id(), actor, null, "the tenant's lock is held", x);
            throw x;
        }
        try (LeaseKeeper keeper = lease.get()) {
            return recoveries.recover(t, actor);
        }
    }

    /** A name that could never be a snapshot is refused (and audited) before it reaches storage or a log. */
    private void requireValidName(Actor actor, Tenant t, String fileName) {
        try {
            StorageKey.requireValidFileName(fileName);
        } catch (InvalidNameException x) {
            events.simple(BackupEvent.Type.RESTORE_REFUSED, t.id(), actor, null, "invalid snapshot file name", x);
            throw x;
        }
    }
}
