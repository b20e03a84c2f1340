package com.daaisuite.backup.core;

import java.util.Objects;
import java.util.Optional;

/**
 * A confirmed restore.
 *
 * <p>By default the snapshot replaces the tenant's own database and must have been taken from it.
 * {@link #intoDatabase(String)} restores it into another database instead, on purpose (to inspect
 * it beside the live data, like {@code mongorestore --nsFrom/--nsTo}); the typed confirmation must
 * then be that database's name, and that database, if it exists, gets the pre-restore safety backup.
 * {@link #fromDatabase(String)} names the database the snapshot was taken from when it is not the
 * tenant's current database name (a renamed database, a legacy {@code mongodump} archive).
 *
 * @param tenantId the tenant whose snapshot is restored
 * @param fileName the snapshot in the tenant's {@code db-backups} folder
 * @param typedWorkspaceName what the admin typed: the workspace name exactly, or the target database's
 *     name exactly when {@link #intoDatabase()} names another database
 * @param acceptUnverifiedOrigin true to restore a plaintext snapshot the origin rules would refuse
 *     by default ({@link Origin#NEEDS_OVERRIDE}); never overrides {@link Origin#REFUSED}
 * @param intoDatabase the database to replace, when it is not the tenant's own
 * @param fromDatabase the database the snapshot was taken from, when it is not the tenant's current one
 * @param scope what part of the snapshot is restored: {@link RestoreScope#WHOLE_DATABASE} (the default) or
 *     chosen collections ({@link #collections(RestoreScope.Collections)}) or chosen documents
 *     ({@link #documents(RestoreScope.Documents)}); see {@link RestoreScope}
 */
public record RestoreRequest(String tenantId, String fileName, String typedWorkspaceName, boolean acceptUnverifiedOrigin,
        Optional<String> intoDatabase, Optional<String> fromDatabase, RestoreScope scope) {
    public RestoreRequest {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(scope, "scope");
        if (!(scope instanceof RestoreScope.WholeDatabase) && (intoDatabase.isPresent() || fromDatabase.isPresent())) {
            throw new InvalidSelectionException("A partial restore writes into the tenant's own database from the snapshot "
                    + "of it; it cannot be combined with intoDatabase or fromDatabase.");
        }
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(typedWorkspaceName, "typedWorkspaceName");
        Objects.requireNonNull(intoDatabase, "intoDatabase");
        Objects.requireNonNull(fromDatabase, "fromDatabase");
        intoDatabase.ifPresent(d -> requireName(d, "intoDatabase"));
        fromDatabase.ifPresent(d -> requireName(d, "fromDatabase"));
    }

    /**
     * A confirmed restore of the whole snapshot.
     *
     * @param tenantId the tenant whose snapshot is restored
     * @param fileName the snapshot in the tenant's {@code db-backups} folder
     * @param typedWorkspaceName what the admin typed
     * @param acceptUnverifiedOrigin see {@link #acceptingUnverifiedOrigin()}
     * @param intoDatabase the database to replace, when it is not the tenant's own
     * @param fromDatabase the database the snapshot was taken from, when it is not the tenant's current one
     */
    public RestoreRequest(String tenantId, String fileName, String typedWorkspaceName, boolean acceptUnverifiedOrigin,
            Optional<String> intoDatabase, Optional<String> fromDatabase) {
        this(tenantId, fileName, typedWorkspaceName, acceptUnverifiedOrigin, intoDatabase, fromDatabase,
                RestoreScope.WHOLE_DATABASE);
    }

    /**
     * A confirmed restore under the default origin rules, over the tenant's own database.
     *
     * @param tenantId the tenant whose database is replaced
     * @param fileName the snapshot in the tenant's {@code db-backups} folder
     * @param typedWorkspaceName what the admin typed; must equal the workspace name exactly
     */
    public RestoreRequest(String tenantId, String fileName, String typedWorkspaceName) {
        this(tenantId, fileName, typedWorkspaceName, false);
    }

    /**
     * A confirmed restore over the tenant's own database.
     *
     * @param tenantId the tenant whose database is replaced
     * @param fileName the snapshot in the tenant's {@code db-backups} folder
     * @param typedWorkspaceName what the admin typed; must equal the workspace name exactly
     * @param acceptUnverifiedOrigin see {@link #acceptingUnverifiedOrigin()}
     */
    public RestoreRequest(String tenantId, String fileName, String typedWorkspaceName, boolean acceptUnverifiedOrigin) {
        this(tenantId, fileName, typedWorkspaceName, acceptUnverifiedOrigin, Optional.empty(), Optional.empty());
    }

    /**
     * The same request, explicitly accepting a plaintext snapshot whose origin cannot be verified
     * although it is newer than the tenant's first encrypted snapshot (an attacker's plant, most
     * likely: only use it for an archive you put there yourself). The restore is audited as
     * {@link BackupEvent.Type#UNVERIFIED_RESTORE}.
     *
     * @return a copy with {@link #acceptUnverifiedOrigin()} true
     */
    public RestoreRequest acceptingUnverifiedOrigin() {
        return new RestoreRequest(tenantId, fileName, typedWorkspaceName, true, intoDatabase, fromDatabase, scope);
    }

    /**
     * @param database the database to restore into instead of the tenant's own
     * @return a copy of this request restoring into {@code database}; the typed confirmation must be its name
     */
    public RestoreRequest intoDatabase(String database) {
        return new RestoreRequest(tenantId, fileName, typedWorkspaceName, acceptUnverifiedOrigin, Optional.of(database),
                fromDatabase, scope);
    }

    /**
     * @param database the database the snapshot was taken from
     * @return a copy of this request that maps the snapshot's {@code database} onto the target
     */
    public RestoreRequest fromDatabase(String database) {
        return new RestoreRequest(tenantId, fileName, typedWorkspaceName, acceptUnverifiedOrigin, intoDatabase,
                Optional.of(database), scope);
    }

    /**
     * @param documents which documents of which collection to write back (see {@link RestoreScope#documents} and
     *     {@link RestoreScope#documentsMatching}); used by {@link RestoreService#previewDocuments} and
     *     {@link RestoreService#restoreDocuments}
     * @return a copy of this request restoring only those documents into the tenant's own database
     */
    public RestoreRequest documents(RestoreScope.Documents documents) {
        return new RestoreRequest(tenantId, fileName, typedWorkspaceName, acceptUnverifiedOrigin, intoDatabase, fromDatabase,
                documents);
    }

    /**
     * @param collections which collections to restore (see {@link RestoreScope#collections}); used by
     *     {@link RestoreService#previewCollections} and {@link RestoreService#restore}
     * @return a copy of this request restoring only those collections of the tenant's own database
     */
    public RestoreRequest collections(RestoreScope.Collections collections) {
        return new RestoreRequest(tenantId, fileName, typedWorkspaceName, acceptUnverifiedOrigin, intoDatabase, fromDatabase,
                collections);
    }

    private static void requireName(String database, String field) {
        if (database.isBlank() || database.length() > 63 || database.chars().anyMatch(c -> "/\\. \"$\0".indexOf(c) >= 0)) {
            throw new InvalidNameException("RestoreRequest " + field + " must be a database name of 1 to 63 characters "
                    + "without / \\ . space \" $ or NUL; it was refused. Check the name you passed.");
        }
    }
}
