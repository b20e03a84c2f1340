package com.daaisuite.backup.examples.cli;

import com.daaisuite.backup.core.RetentionPolicy;
import com.daaisuite.backup.core.StorageUris;
import com.daaisuite.backup.core.RestorePreview;
import com.daaisuite.backup.core.RestoreRequest;
import com.daaisuite.backup.core.RestoreResult;
import com.daaisuite.backup.core.RestoreScope;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.spi.StorageBackend;
import com.mongodb.client.MongoClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code restore}: the app's guarded restore, run by the operator: shows what the confirmation
 * dialog shows, refuses unless {@code --confirm} is exactly the workspace name, takes the
 * pre-restore safety backup, and replaces the database only once the whole snapshot is loaded.
 */
@Command(name = "restore", mixinStandardHelpOptions = true, versionProvider = DaaiBackupCli.Version.class, description = "Replace a tenant's database with a snapshot, with --collections only chosen collections of it, or with --collection write back chosen documents of it (a pre-restore safety backup is taken first).")
final class RestoreCommand extends CliCommand {
    @Mixin
    MongoOptions mongo;

    @Mixin
    TenantOptions tenant;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Origin origin;

    @Option(names = "--confirm", required = true, paramLabel = "NAME",
            description = "The workspace name, typed exactly (the tenant id unless --workspace says otherwise); with --to-db,"
                    + " the target database's name.")
    String confirm;

    @Option(names = "--to-db", paramLabel = "DATABASE",
            description = "Restore into this database instead of the tenant's own (to inspect the snapshot beside the live"
                    + " data). --confirm must then name it; if it exists it gets the safety backup first.")
    String toDb;

    @Option(names = "--from-db", paramLabel = "DATABASE",
            description = "The database the snapshot was taken from, when it is not the tenant's database (a legacy"
                    + " mongodump archive, a renamed database).")
    String fromDb;

    @Option(names = "--safety-storage", paramLabel = "URI",
            description = "With --archive: where the pre-restore safety backup goes (default: a folder daai-backup-safety"
                    + " beside the archive). With --storage it goes to the tenant's own folder there.")
    String safetyStorage;

    @Option(names = "--accept-unverified-origin",
            description = "Restore a plaintext snapshot although it is newer than the tenant's first encrypted snapshot"
                    + " (its origin cannot be verified; most likely planted). Audited.")
    boolean acceptUnverifiedOrigin;

    @Option(names = "--collections", split = ",", paramLabel = "a,b",
            description = "Restore only these collections: each becomes exactly the snapshot's (documents, indexes,"
                    + " options); every other collection is left as it is. With --dry-run, show per collection what would"
                    + " be brought back, replaced and lost, and write nothing.")
    List<String> collections;

    @Option(names = "--collection", paramLabel = "C",
            description = "Restore only chosen documents of this collection (with --ids or --filter): each is inserted when"
                    + " missing, replaced when different; nothing is deleted and no other document changes.")
    String collection;

    @Option(names = "--ids", paramLabel = "JSON_ARRAY",
            description = "With --collection: the _ids to restore, a JSON array in canonical extended JSON, such as"
                    + " '[{\"$oid\": \"64b7f0c2a1b2c3d4e5f60718\"}, \"INV-001\"]'.")
    String ids;

    @Option(names = "--filter", paramLabel = "JSON",
            description = "With --collection: a MongoDB query evaluated on the snapshot's documents (top-level fields;"
                    + " equality, $eq $ne $in $nin $gt $gte $lt $lte $exists; see docs/restore.md).")
    String filter;

    @Option(names = "--missing-only", description = "With --collection: insert missing documents only; leave every live one as it is.")
    boolean missingOnly;

    @Option(names = "--dry-run", description = "With --collection or --collections: show what would be inserted, replaced"
            + " (and, for collections, lost), and write nothing (no safety backup either).")
    boolean dryRun;

    @Option(names = "--refuse-plaintext",
            description = "Refuse every plaintext (.gz) snapshot; recommended once legacy archives were converted with 'encrypt'.")
    boolean refusePlaintext;

    static final class Origin {
        @ArgGroup(exclusive = false, multiplicity = "1")
        FromStorage fromStorage;

        @Option(names = "--archive", required = true, paramLabel = "PATH", description = "A loose archive file (.gz.enc, .gz or a raw mongodump archive).")
        Path archive;
    }

    static final class FromStorage {
        @Option(names = "--storage", required = true, paramLabel = "URI", description = "Where the tenant's archives are.")
        String storage;

        @Option(names = "--file", required = true, paramLabel = "NAME", description = "The snapshot's file name, as 'list' shows it.")
        String file;
    }

    @Override
    int execute() throws Exception {
        Tenant t = tenant.tenant(mongo.db);
        RestoreScope.Collections chosen = CollectionChoice.scope(collections, collection, ids, filter, missingOnly, toDb, fromDb);
        RestoreScope.Documents documents = chosen != null ? null
                : DocumentChoice.scope(collection, ids, filter, missingOnly, dryRun, toDb, fromDb);
        StorageBackend backend;
        String fileName;
        if (origin.archive != null) {
            Path a = origin.archive.toAbsolutePath();
            String safety = safetyStorage;
            if (safety == null) {
                // Often a shared folder: never follow a link planted there (SafetyFolder).
                safety = SafetyFolder.prepare(a.getParent().resolve("daai-backup-safety"), t.id()).toUri().toString();
            }
            StorageBackend safetyBackend = StorageUris.open(safety);
            ArchiveFileStorage afs;
            try {
                afs = ArchiveFileStorage.of(safetyBackend, t.id(), a);
            } catch (java.io.IOException | RuntimeException e) {
                Session.closeQuietly(safetyBackend);
                throw e;
            }
            backend = afs;
            fileName = afs.exposedName();
        } else {
            backend = StorageUris.open(origin.fromStorage.storage);
            fileName = origin.fromStorage.file;
        }
        MongoClient client;
        try {
            client = mongo.client();
        } catch (RuntimeException e) {
            Session.closeQuietly(backend);
            throw e;
        }
        try (Session s = Session.open(t, backend, mongo.source(client), keys(), mongo.lock(client), refusePlaintext)) {
            RestorePreview preview = s.backups.restores().prepare(Session.OPERATOR, t.id(), fileName);
            printDialog(preview, documents != null, chosen);
            if (documents != null) {
                return restoreDocuments(s, t, fileName, documents);
            }
            if (chosen != null) {
                return restoreCollections(s, t, fileName, chosen);
            }
            Progress p = s.progress.start(Progress.start("restore " + t.id(), Progress.Unit.DOCUMENTS, 0, err()));
            RestoreResult r;
            try {
                RestoreRequest request = new RestoreRequest(t.id(), fileName, confirm);
                if (toDb != null) {
                    request = request.intoDatabase(toDb);
                }
                if (fromDb != null) {
                    request = request.fromDatabase(fromDb);
                }
                // A loose file named on the command line is the operator's own pick, not something found
                // in storage: it needs no separate override (it is still refused with --refuse-plaintext).
                if (acceptUnverifiedOrigin || origin.archive != null) {
                    request = request.acceptingUnverifiedOrigin();
                }
                r = s.backups.restores().restore(Session.OPERATOR, request);
                p.done(-1, r.documents());
            } finally {
                s.progress.stop();
            }
            out().println("Restored " + String.format("%,d", r.documents()) + " documents into database "
                    + (toDb != null ? toDb : t.databaseName())
                    + " from " + r.restoredFrom().fileName() + " in " + Formats.duration(r.duration()) + ".");
            for (Map.Entry<String, Long> e : new TreeMap<>(r.documentsPerCollection()).entrySet()) {
                out().println(String.format("    %-32s %,12d", e.getKey(), e.getValue()));
            }
            if (!r.droppedCollections().isEmpty()) {
                out().println("Dropped collections the snapshot did not have: " + String.join(", ", r.droppedCollections()));
            }
            if (r.safetySnapshot() != null) {
                out().println("Safety backup taken first: " + r.safetySnapshot().fileName() + " in " + s.storage.describe()
                        + " (" + RetentionPolicy.defaults().preRestoreRetentionText() + "; restore it the same way to undo).");
            } else {
                out().println("No safety backup: database " + toDb + " did not exist before.");
            }
            return ExitCodes.OK;
        } finally {
            client.close();
        }
    }

    private int restoreDocuments(Session s, Tenant t, String fileName, RestoreScope.Documents documents) {
        RestoreRequest request = new RestoreRequest(t.id(), fileName, confirm).documents(documents);
        if (acceptUnverifiedOrigin || origin.archive != null) {
            request = request.acceptingUnverifiedOrigin();
        }
        DocumentChoice.printPreview(out(), s.backups.restores().previewDocuments(Session.OPERATOR, request));
        if (dryRun) {
            out().println("Dry run: nothing was written and no safety backup was taken.");
            return ExitCodes.OK;
        }
        DocumentChoice.printResult(out(), s.backups.restores().restoreDocuments(Session.OPERATOR, request), s.storage.describe());
        return ExitCodes.OK;
    }

    private int restoreCollections(Session s, Tenant t, String fileName, RestoreScope.Collections chosen) {
        RestoreRequest request = new RestoreRequest(t.id(), fileName, confirm).collections(chosen);
        if (acceptUnverifiedOrigin || origin.archive != null) {
            request = request.acceptingUnverifiedOrigin();
        }
        CollectionChoice.printPreview(out(), s.backups.restores().previewCollections(Session.OPERATOR, request));
        if (dryRun) {
            out().println("Dry run: nothing was written and no safety backup was taken.");
            return ExitCodes.OK;
        }
        Progress p = s.progress.start(Progress.start("restore " + t.id(), Progress.Unit.DOCUMENTS, 0, err()));
        RestoreResult r;
        try {
            r = s.backups.restores().restore(Session.OPERATOR, request);
            p.done(-1, r.documents());
        } finally {
            s.progress.stop();
        }
        CollectionChoice.printResult(out(), r, t.databaseName(), s.storage.describe(),
                RetentionPolicy.defaults().preRestoreRetentionText());
        return ExitCodes.OK;
    }

    private void printDialog(RestorePreview p, boolean documents, RestoreScope.Collections chosen) {
        var sn = p.snapshot();
        out().println("Restore workspace \"" + p.workspaceName() + "\" (tenant " + p.tenantId() + ")");
        out().println("  Snapshot   " + sn.fileName());
        out().println("  Taken      " + Formats.LOCAL.format(p.createdAtLocal()) + "  (" + sn.label().label() + ")");
        out().println("  Size       " + Formats.bytes(sn.sizeBytes()));
        out().println("  Encryption " + Formats.encryption(p.encrypted(), Formats.utf8Output()));
        if (p.origin() != com.daaisuite.backup.core.Origin.VERIFIED) {
            out().println("  Origin     " + p.originNote());
        }
        if (chosen != null) {
            out().println("  Database   " + p.databaseName() + ": only collections " + String.join(", ", chosen.names())
                    + " are replaced by the snapshot's; every other collection is left as it is");
            out().println("  Type the workspace name to confirm: " + confirm);
            out().flush();
            return;
        }
        if (documents) {
            out().println("  Database   " + p.databaseName() + ": only the chosen documents of collection " + collection
                    + " are written; nothing is deleted");
            out().println("  Type the workspace name to confirm: " + confirm);
            out().flush();
            return;
        }
        out().println("  Database   " + (toDb != null ? toDb + " (not the workspace's own " + p.databaseName() + ")"
                : p.databaseName()) + " will be replaced as a whole" + (fromDb != null ? ", from the snapshot's " + fromDb : ""));
        out().println("  " + p.warning());
        out().println("  Type the " + (toDb != null ? "target database's" : "workspace") + " name to confirm: " + confirm);
        out().flush();
    }
}
