package com.daaisuite.backup.core.internal;

import com.daaisuite.backup.BackupException;
import com.daaisuite.backup.IntegrityException;
import com.daaisuite.backup.core.Actor;
import com.daaisuite.backup.core.BackupEvent;
import com.daaisuite.backup.core.BackupResult;
import com.daaisuite.backup.core.DocumentRestorePreview;
import com.daaisuite.backup.core.DocumentRestoreResult;
import com.daaisuite.backup.core.InvalidSelectionException;
import com.daaisuite.backup.core.RestoreScope;
import com.daaisuite.backup.core.Snapshot;
import com.daaisuite.backup.core.SourceException;
import com.daaisuite.backup.core.StorageException;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.spi.ContentsReader;
import com.daaisuite.backup.core.spi.DatabaseSource;
import com.daaisuite.backup.core.spi.DocumentVisitor;
import com.daaisuite.backup.core.spi.DocumentWriter;
import com.daaisuite.backup.core.spi.StorageBackend;
import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.crypto.spi.KeyProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The document restore (docs/restore.md, "Restoring part of a snapshot"): the snapshot is read whole,
 * which authenticates it, while the chosen documents of one collection are kept; they are compared
 * with the live ones by identity for the preview, and written by identity for the restore, after the
 * tenant's lock and the pre-restore safety backup. No gate: every write is idempotent by identity, so
 * an interrupted run is finished by running it again, and nothing is deleted.
 */
public final class DocumentRestore {
    /** The chosen documents are held in memory between the read and the write; more than this is refused. */
    static final long MAX_CHOSEN_BYTES = 256L << 20;
    /** Documents per write call: bounds one call's work and lets a failure stop early. */
    private static final int BATCH = 500;

    private final DatabaseSource source;
    private final StorageBackend storage;
    private final KeyProvider keys;
    private final TenantLocks locks;
    private final BackupPipeline pipeline;
    private final Events events;
    private final TenantActivity activity;
    private final InterruptedRestores recoveries;
    private final TenantFolders folders;
    private final Manifests manifests;

    DocumentRestore(DatabaseSource source, StorageBackend storage, KeyProvider keys, TenantLocks locks, BackupPipeline pipeline,
            Events events, TenantActivity activity, InterruptedRestores recoveries, TenantFolders folders, Manifests manifests) {
        this.source = source;
        this.storage = storage;
        this.keys = keys;
        this.locks = locks;
        this.pipeline = pipeline;
        this.events = events;
        this.activity = activity;
        this.recoveries = recoveries;
        this.folders = folders;
        this.manifests = manifests;
    }

    /** The snapshot's chosen documents, keyed by identity, and the asked-for ids it lacks. */
    record Chosen(Map<ByteBuffer, byte[]> documents, List<String> notInSnapshot) {}

    DocumentRestorePreview preview(Tenant t, Actor actor, Snapshot snap, RestoreScope.Documents scope) {
        DocumentWriter writer = writer();
        Chosen chosen = read(t, actor, snap, scope, writer);
        List<byte[]> docs = new ArrayList<>(chosen.documents().values());
        List<byte[]> live = new ArrayList<>();
        for (int i = 0; i < docs.size(); i += BATCH) {
            live.addAll(writer.find(t.databaseName(), scope.collection(), docs.subList(i, Math.min(docs.size(), i + BATCH))
                    .stream().map(writer::idOf).toList()));
        }
        long insert = 0;
        long replace = 0;
        long same = 0;
        for (int i = 0; i < docs.size(); i++) {
            byte[] l = live.get(i);
            if (l == null) {
                insert++;
            } else if (Arrays.equals(l, docs.get(i)) || scope.missingOnly()) {
                same++;
            } else {
                replace++;
            }
        }
        return new DocumentRestorePreview(t.id(), t.workspaceName(), t.databaseName(), snap, scope.collection(),
                docs.size(), insert, replace, same, chosen.notInSnapshot(), scope.missingOnly());
    }

    DocumentRestoreResult restore(Tenant t, Actor actor, Snapshot snap, RestoreScope.Documents scope) {
        String file = snap.fileName();
        DocumentWriter writer = writer();
        // The whole archive is read and authenticated here, before the lock, the safety backup and any write.
        Chosen chosen = read(t, actor, snap, scope, writer);
        Optional<LeaseKeeper> lease = locks.tryLock(t.id(), "restore");
        if (lease.isEmpty()) {
            BackupException x = TenantLocks.busy(t.id(), "restore documents of");
            events.simple(BackupEvent.Type.RESTORE_REFUSED, t.id(), actor, file, "the tenant's lock is held", x);
            throw x;
        }
        long t0 = System.nanoTime();
        activity.started(t.id());
        String what = "document restore of collection " + scope.collection() + " in database " + t.databaseName() + " from "
                + file + " (" + chosen.documents().size() + " documents chosen by " + (scope.filter().isPresent()
                        ? "filter " + scope.filter().get() : scope.ids().size() + " _ids")
                + (scope.missingOnly() ? ", missing only" : "") + ")";
        try (LeaseKeeper keeper = lease.get()) {
            events.simple(BackupEvent.Type.RESTORE_STARTED, t.id(), actor, file, what, null);
            BackupResult safety;
            try {
                recoveries.recoverIfNeeded(t, actor);
                // Only the collection written to: the undo of the undo (the whole database when the source cannot).
                safety = pipeline.safetyBackupLocked(t, actor, "before restoring documents of " + scope.collection() + " from "
                        + file, keeper, java.util.Set.of(scope.collection()));
            } catch (RuntimeException x) {
                fail(t, actor, file, t0, "nothing was written: the pre-restore safety backup (or finishing an interrupted "
                        + "restore first) failed: " + x.getMessage(), x);
                throw x;
            }
            long inserted = 0;
            long replaced = 0;
            long unchanged = 0;
            List<byte[]> docs = new ArrayList<>(chosen.documents().values());
            try {
                for (int i = 0; i < docs.size(); i += BATCH) {
                    if (!keeper.stillHeld()) {
                        throw TenantLocks.lost(t.id(), "the document restore of " + file);
                    }
                    DocumentWriter.Outcome o = writer.write(t.databaseName(), scope.collection(),
                            docs.subList(i, Math.min(docs.size(), i + BATCH)), scope.missingOnly());
                    inserted += o.inserted();
                    replaced += o.replaced();
                    unchanged += o.unchanged();
                }
            } catch (RuntimeException x) {
                RuntimeException r = Failures.specific(x, c -> new SourceException("Writing documents into collection "
                        + scope.collection() + " of database " + t.databaseName() + " failed: " + c, c));
                fail(t, actor, file, t0, "the document restore stopped part-way (" + inserted + " inserted and " + replaced
                        + " replaced in completed batches, perhaps some more in the failing one); no document was deleted. Run the same restore "
                        + "again to finish it (each write is idempotent); safety snapshot " + safety.snapshot().fileName()
                        + ": " + r.getMessage(), r);
                throw r;
            }
            Duration d = Duration.ofNanos(System.nanoTime() - t0);
            events.emit(BackupEvent.Type.RESTORE_COMPLETED, t.id(), actor, file, d, 0, inserted + replaced, what + ": "
                    + inserted + " inserted, " + replaced + " replaced, " + unchanged + " unchanged"
                    + (chosen.notInSnapshot().isEmpty() ? "" : ", " + chosen.notInSnapshot().size() + " _ids not in the snapshot")
                    + "; safety snapshot " + safety.snapshot().fileName(), null);
            return new DocumentRestoreResult(t.id(), snap, safety.snapshot(), scope.collection(), inserted, replaced, unchanged,
                    chosen.notInSnapshot(), scope.missingOnly(), d);
        } finally {
            activity.finished(t.id());
        }
    }

    /**
     * Reads the whole snapshot (every layer authenticated to its end, the sealed manifest bound) and
     * keeps the chosen documents of the collection. A document without an identity cannot be written
     * by identity and is never chosen.
     */
    Chosen read(Tenant t, Actor actor, Snapshot snap, RestoreScope.Documents scope, DocumentWriter writer) {
        ContentsReader reader = source.contentsReader().orElseThrow(() -> unsupported("read payloads document by document"));
        Set<ByteBuffer> wanted = new LinkedHashSet<>();
        Map<ByteBuffer, String> idTexts = new LinkedHashMap<>();
        for (String text : scope.ids()) {
            try {
                ByteBuffer id = ByteBuffer.wrap(reader.idFromText(text));
                wanted.add(id);
                idTexts.putIfAbsent(id, text);
            } catch (RuntimeException e) {
                throw new InvalidSelectionException("The _id '" + text + "' is not a document identity: " + e.getMessage()
                        + ". Write it in canonical extended JSON (such as {\"$oid\": \"...\"}) or as a plain string or number.", e);
            }
        }
        Predicate<byte[]> filter;
        try {
            filter = scope.filter().map(writer::filter).orElse(null);
        } catch (IllegalArgumentException e) {
            throw new InvalidSelectionException("The filter " + scope.filter().get() + " cannot be evaluated exactly, so "
                    + "nothing was read or restored: " + e.getMessage(), e);
        }
        Map<ByteBuffer, byte[]> chosen = new LinkedHashMap<>();
        long[] bytes = new long[1];
        DocumentVisitor visitor = new DocumentVisitor() {
            @Override
            public void collection(String name, String type, List<String> indexNames) {}

            @Override
            public void document(String collection, byte[] id, byte[] document) {
                if (!collection.equals(scope.collection()) || id.length == 0) {
                    return;
                }
                ByteBuffer key = ByteBuffer.wrap(id);
                if (filter == null ? wanted.contains(key) : filter.test(document)) {
                    bytes[0] += document.length;
                    if (bytes[0] > MAX_CHOSEN_BYTES) {
                        throw new InvalidSelectionException("The chosen documents of collection " + scope.collection()
                                + " exceed " + (MAX_CHOSEN_BYTES >> 20) + " MB, more than one document restore holds; "
                                + "nothing was written. Choose fewer documents, or restore in parts.");
                    }
                    chosen.put(key, document);
                }
            }
        };
        StorageKey key = StorageKey.of(t.id(), snap.fileName());
        try (InputStream raw = storage.openRead(key)) {
            ArchiveFormat.Opened o = ArchiveFormat.openNamed(raw, keys, t.id(), source, key);
            try (InputStream payload = ReadAhead.of(o.payload(), "daai-document-restore")) {
                reader.read(payload, visitor);
                // Read on to the end: DBK1 checks its final segment and gzip its last trailer only there.
                ArchiveFormat.drain(payload);
            }
            ArchiveFormat.drain(raw);
            manifests.requireBound(folders.list(t.id()), t.id(), snap);
        } catch (IOException x) {
            throw refused(t, actor, snap, Failures.specific(x, c -> new StorageException("Reading " + key + " from "
                    + storage.describe() + " failed: " + c.getMessage() + ". Nothing was written; check the storage and try "
                    + "again.", c)));
        } catch (InvalidSelectionException x) {
            throw x;
        } catch (RuntimeException x) {
            throw refused(t, actor, snap, Failures.specific(x, c -> new SourceException("Reading the documents of " + key
                    + " failed: " + c + ". Nothing was written.", c)));
        }
        List<String> missing = new ArrayList<>();
        for (ByteBuffer id : wanted) {
            if (!chosen.containsKey(id)) {
                missing.add(reader.idToText(bytes(id)));
            }
        }
        return new Chosen(chosen, missing);
    }

    private RuntimeException refused(Tenant t, Actor actor, Snapshot snap, RuntimeException x) {
        events.simple(BackupEvent.Type.RESTORE_REFUSED, t.id(), actor, snap.fileName(),
                "the archive was refused before anything changed: " + x.getMessage(), x);
        if (x instanceof IntegrityException) {
            events.simple(BackupEvent.Type.INTEGRITY_FAILURE, t.id(), actor, snap.fileName(), "document restore: "
                    + x.getMessage(), x);
        }
        return x;
    }

    private DocumentWriter writer() {
        return source.documentWriter().orElseThrow(() -> unsupported("write documents back by identity"));
    }

    private SourceException unsupported(String what) {
        return new SourceException("The database source " + source.describe() + " cannot " + what + ", so the library cannot "
                + "restore chosen documents. Nothing was read or written. Use a source that offers a DocumentWriter and a "
                + "ContentsReader (backup-mongo does), or restore the whole snapshot.");
    }

    private void fail(Tenant t, Actor actor, String file, long t0, String detail, Throwable x) {
        events.emit(BackupEvent.Type.RESTORE_FAILED, t.id(), actor, file, Duration.ofNanos(System.nanoTime() - t0), 0, 0,
                detail, x);
    }

    private static byte[] bytes(ByteBuffer b) {
        return Arrays.copyOfRange(b.array(), b.arrayOffset(), b.arrayOffset() + b.limit());
    }
}
