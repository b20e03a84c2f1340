package com.daaisuite.backup.web;

import com.daaisuite.backup.core.Backups;
import com.daaisuite.backup.core.CollectionComparison;
import com.daaisuite.backup.core.CollectionContents;
import com.daaisuite.backup.core.CollectionRestorePreview;
import com.daaisuite.backup.core.DocumentRestorePreview;
import com.daaisuite.backup.core.DocumentRestoreResult;
import com.daaisuite.backup.core.Permission;
import com.daaisuite.backup.core.RestoreRequest;
import com.daaisuite.backup.core.RestoreResult;
import com.daaisuite.backup.core.RestoreScope;
import com.daaisuite.backup.core.Snapshot;
import com.daaisuite.backup.core.Tenant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * "Only some data" in the restore dialog: chosen collections of a snapshot, or the documents deleted
 * from one collection since it was taken, previewed and then restored. With {@link Screen} and
 * {@link ContentsScreen} the only classes of this module that call the library (its public API only);
 * the rules (what may be chosen, the proof, the safety backup, the swap) are the library's, which
 * checks everything again. The screen only offers the snapshot's own collections and refuses any
 * other name before the library is asked to read an archive for it.
 */
final class PartialRestoreScreen {
    /** A failed document restore: missing-only writes never delete or change a live document, and repeat safely. */
    static final String DOCUMENTS_ON_FAILURE = "No document was deleted or changed; documents put back before the failure stay."
            + " Running the same restore again finishes it.";

    private final Backups backups;
    private final Screen screen;

    PartialRestoreScreen(Backups backups, Screen screen) {
        this.backups = backups;
        this.screen = screen;
    }

    /** The snapshot's collections the dialog offers, by name, with their document counts. */
    Map<String, Object> collections(WebUser user, String file) {
        Tenant t = allowed(user);
        List<Object> rows = new ArrayList<>();
        for (CollectionContents c : offered(user, t, file)) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("name", c.name());
            r.put("documents", c.documents());
            rows.add(r);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("file", file);
        out.put("workspaceName", t.workspaceName());
        out.put("collections", rows);
        return out;
    }

    /** What restoring the chosen collections would bring back, replace and lose, per collection (A = snapshot, B = live). */
    Map<String, Object> previewCollections(WebUser user, String file, List<String> names) {
        Tenant t = allowed(user);
        List<String> picked = picked(user, t, file, names);
        CollectionRestorePreview p = backups.restores().previewCollections(user.actor(),
                new RestoreRequest(t.id(), file, "").collections(RestoreScope.collections(picked)));
        List<Object> rows = new ArrayList<>();
        for (CollectionComparison c : p.collections()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("name", c.name());
            r.put("status", c.status().name().toLowerCase(Locale.ROOT));
            r.put("bringBack", c.onlyInA());
            r.put("replace", c.changed());
            r.put("lose", c.onlyInB());
            r.put("same", c.same());
            rows.add(r);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("file", file);
        out.put("workspaceName", p.workspaceName());
        out.put("collections", rows);
        out.put("bringBack", p.toInsert());
        out.put("replace", p.toReplace());
        out.put("lose", p.toLose());
        out.put("summary", String.format(Locale.ENGLISH, "%s become%s exactly what %s in this backup: %,d document%s brought back,"
                + " %,d replaced by the backup's version, %,d lost (added since the backup). Every other collection stays as it is.",
                picked.size() == 1 ? "This collection" : "These " + picked.size() + " collections", picked.size() == 1 ? "s" : "",
                picked.size() == 1 ? "it was" : "they were", p.toInsert(), p.toInsert() == 1 ? "" : "s", p.toReplace(), p.toLose()));
        out.put("warning", p.maintenanceGate() ? "The workspace's users cannot work while the collections are swapped."
                + " The current data is saved first as a safety backup." : "The current data is saved first as a safety backup.");
        return out;
    }

    Map<String, Object> restoreCollections(WebUser user, String file, List<String> names, String typedName, boolean acceptUnverifiedOrigin) {
        Tenant t = allowed(user);
        Screen.requireTypedName(t, typedName);
        List<String> picked = picked(user, t, file, names);
        Snapshot target = screen.snapshot(user, t, file);
        RestoreRequest exact = new RestoreRequest(t.id(), file, typedName);
        RestoreRequest request = (acceptUnverifiedOrigin ? exact.acceptingUnverifiedOrigin() : exact)
                .collections(RestoreScope.collections(picked));
        return screen.startRestoreJob(user, t, target, Screen.UNCHANGED, () -> {
            RestoreResult r = backups.restores().restore(user.actor(), request);
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("scope", "collections");
            o.put("collections", picked);
            o.put("restoredFrom", r.restoredFrom().fileName());
            o.put("safetyBackup", r.safetySnapshot().fileName());
            o.put("documents", r.documents());
            o.put("seconds", r.duration().toMillis() / 1000.0);
            return o;
        });
    }

    /** How many documents of the collection are in the snapshot but no longer live: what "bring back" would insert. */
    Map<String, Object> previewDeleted(WebUser user, String file, String collection) {
        Tenant t = allowed(user);
        String c = picked(user, t, file, List.of(collection)).get(0);
        DocumentRestorePreview p = backups.restores().previewDocuments(user.actor(),
                new RestoreRequest(t.id(), file, "").documents(deleted(c)));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("file", file);
        out.put("workspaceName", p.workspaceName());
        out.put("collection", c);
        out.put("bringBack", p.toInsert());
        out.put("stillThere", p.unchanged());
        out.put("summary", p.toInsert() == 0
                ? String.format(Locale.ENGLISH, "Nothing was deleted from %s since this backup: all %,d of its documents are still there.",
                        c, p.chosen())
                : String.format(Locale.ENGLISH, "%,d document%s of %s %s deleted since this backup and will be put back."
                        + " No other document is changed or deleted.", p.toInsert(), p.toInsert() == 1 ? "" : "s", c,
                        p.toInsert() == 1 ? "was" : "were"));
        return out;
    }

    Map<String, Object> restoreDeleted(WebUser user, String file, String collection, String typedName, boolean acceptUnverifiedOrigin) {
        Tenant t = allowed(user);
        Screen.requireTypedName(t, typedName);
        String c = picked(user, t, file, List.of(collection)).get(0);
        Snapshot target = screen.snapshot(user, t, file);
        RestoreRequest request = new RestoreRequest(t.id(), file, typedName, acceptUnverifiedOrigin).documents(deleted(c));
        return screen.startRestoreJob(user, t, target, DOCUMENTS_ON_FAILURE, () -> {
            DocumentRestoreResult r = backups.restores().restoreDocuments(user.actor(), request);
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("scope", "deleted");
            o.put("collection", r.collection());
            o.put("restoredFrom", r.restoredFrom().fileName());
            o.put("safetyBackup", r.safetySnapshot().fileName());
            o.put("documents", r.inserted());
            o.put("seconds", r.duration().toMillis() / 1000.0);
            return o;
        });
    }

    /** The documents only in the snapshot: every document of the collection, of which only the missing ones are written. */
    private static RestoreScope.Documents deleted(String collection) {
        return RestoreScope.documentsMatching(collection, "{}").onlyMissing();
    }

    private Tenant allowed(WebUser user) {
        Tenant t = screen.tenant(user);
        Screen.require(user, Permission.RESTORE, "restore a backup");
        return t;
    }

    /** The snapshot's collections (not its views or time series: a restore of chosen collections takes collections). */
    private List<CollectionContents> offered(WebUser user, Tenant t, String file) {
        return backups.catalog().contents(user.actor(), t.id(), file).collections().stream()
                .filter(c -> c.type().equals("collection")).toList();
    }

    /** The chosen names, each one the dialog offered; anything else is refused before an archive is read for it. */
    private List<String> picked(WebUser user, Tenant t, String file, List<String> names) {
        if (names.isEmpty()) {
            throw new WebError(400, "bad_request", "Pick at least one collection to restore.");
        }
        Set<String> offered = new LinkedHashSet<>();
        offered(user, t, file).forEach(c -> offered.add(c.name()));
        for (String n : names) {
            if (!offered.contains(n)) {
                throw new WebError(400, "unknown_collection", "This backup has no collection of that name. Pick the collections"
                        + " from the dialog's list. Nothing was changed.");
            }
        }
        return List.copyOf(names);
    }
}
