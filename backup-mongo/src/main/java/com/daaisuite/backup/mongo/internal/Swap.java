package com.daaisuite.backup.mongo.internal;

import com.daaisuite.backup.core.SourceException;
import com.daaisuite.backup.core.spi.RestoreRecovery;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoNamespace;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.RenameCollectionOptions;
import java.util.HashMap;
import java.util.Map;
import org.bson.BsonDocument;
import org.bson.BsonString;

/**
 * The swap of a restore and its recovery, driven by a {@link RestoreJournal}. Every step looks at
 * what exists before it acts, so running the same journal again after a crash at any point repeats
 * nothing and skips nothing:
 *
 * <ol>
 *   <li>set every live collection aside (rename to its reserved name; nothing is dropped);</li>
 *   <li>drop the live views (their definitions are in the journal);</li>
 *   <li>rename each staging collection to its final name;</li>
 *   <li>create the snapshot's views;</li>
 *   <li>mark the journal committed;</li>
 *   <li>drop the set-aside collections, then remove the journal.</li>
 * </ol>
 *
 * Steps 1-2 all happen before any of step 3, so a staging collection that no longer exists was renamed
 * into place, and every live collection is then already aside. {@link #recover} goes forward while the
 * staged snapshot is whole (each staged collection holds its journalled count) and back otherwise.
 */
public final class Swap {
    private static final int NAMESPACE_EXISTS = 48;
    private static final int NAMESPACE_NOT_FOUND = 26;

    private final MongoDatabase db;
    private final RestoreJournal.Store store;
    private final SwapObserver observer;
    /** Name to type of the database's collections, kept current by every step. */
    private final Map<String, String> types = new HashMap<>();

    public Swap(MongoDatabase db, RestoreJournal.Store store, SwapObserver observer) {
        this.db = db;
        this.store = store;
        this.observer = observer;
    }

    private void refresh() {
        types.clear();
        for (BsonDocument info : db.listCollections(BsonDocument.class)) {
            types.put(info.getString("name").getValue(), info.getString("type", new BsonString("collection")).getValue());
        }
    }

    private boolean exists(String name) {
        return types.containsKey(name);
    }

    /** Runs or resumes the swap of a journal in state swapping or committed, to its end. */
    public void forward(RestoreJournal journal) {
        refresh();
        RestoreJournal j = journal;
        if (RestoreJournal.SWAPPING.equals(j.state)) {
            boolean renamesStarted = j.moves.stream().anyMatch(m -> !exists(m.staging()));
            if (!renamesStarted) {
                int n = 0;
                for (RestoreJournal.Aside a : j.asides) {
                    n++;
                    if (!exists(a.aside()) && exists(a.name())) {
                        rename(a.name(), a.aside());
                    }
                    observer.reached("set-aside:" + n);
                }
                for (RestoreJournal.View v : j.liveViews) {
                    if ("view".equals(types.get(v.name()))) {
                        drop(v.name());
                    }
                }
                observer.reached("live-views-dropped");
            }
            int n = 0;
            for (RestoreJournal.Move m : j.moves) {
                n++;
                if (exists(m.staging())) {
                    rename(m.staging(), m.name());
                }
                observer.reached("renamed:" + n);
            }
            for (RestoreJournal.View v : j.views) {
                if (!exists(v.name())) {
                    createView(v);
                }
            }
            observer.reached("views-created");
            j = j.withState(RestoreJournal.COMMITTED);
            store.write(j);
            observer.reached("committed");
        }
        int n = 0;
        for (RestoreJournal.Aside a : j.asides) {
            n++;
            if (exists(a.aside())) {
                drop(a.aside());
            }
            observer.reached("aside-dropped:" + n);
        }
        store.remove(j);
        observer.reached("journal-removed");
    }

    /** Undoes a restore: removes what it placed and puts the set-aside live collections and views back. */
    public void back(RestoreJournal j) {
        refresh();
        if (RestoreJournal.LOADING.equals(j.state)) {
            // Nothing live was touched yet, and the journal does not list the live collections: only the
            // staging collections go. (A final name that exists now is the user's live collection.)
            for (RestoreJournal.Move m : j.moves) {
                if (exists(m.staging())) {
                    drop(m.staging());
                }
            }
            store.remove(j);
            observer.reached("journal-removed");
            return;
        }
        // From "swapping" on, the journal lists every live collection as set aside: a final name that has no
        // set-aside entry did not exist before the restore.
        Map<String, String> asideOf = new HashMap<>();
        j.asides.forEach(a -> asideOf.put(a.name(), a.aside()));
        for (RestoreJournal.Move m : j.moves) {
            if (exists(m.staging())) {
                drop(m.staging());
            } else if (exists(m.name()) && (!asideOf.containsKey(m.name()) || exists(asideOf.get(m.name())))) {
                // Renamed into place (the live collection of that name, if any, is aside): the new data goes.
                drop(m.name());
            }
        }
        for (RestoreJournal.View v : j.views) {
            if (exists(v.name()) && (!asideOf.containsKey(v.name()) || exists(asideOf.get(v.name())))) {
                drop(v.name());
            }
        }
        for (RestoreJournal.Aside a : j.asides) {
            if (exists(a.aside())) {
                rename(a.aside(), a.name());
            }
        }
        for (RestoreJournal.View v : j.liveViews) {
            if (!exists(v.name())) {
                createView(v);
            }
        }
        store.remove(j);
        observer.reached("journal-removed");
    }

    /**
     * Finishes or undoes the interrupted restore a journal describes.
     *
     * @return what was done
     */
    public RestoreRecovery recover(RestoreJournal j) {
        String was = j.state;
        if (RestoreJournal.COMMITTED.equals(was) || (RestoreJournal.SWAPPING.equals(was) && stagedSnapshotWhole(j))) {
            forward(j);
            return new RestoreRecovery(j.database, j.restoreId, RestoreRecovery.Outcome.FORWARD, was, j.collectionNames(),
                    "the interrupted restore " + j.restoreId + " of database '" + j.database + "' (stopped while " + was
                            + ") was finished: the database holds the restored snapshot");
        }
        back(j);
        return new RestoreRecovery(j.database, j.restoreId, RestoreRecovery.Outcome.BACK, was, j.collectionNames(),
                "the interrupted restore " + j.restoreId + " of database '" + j.database + "' (stopped while " + was
                        + (RestoreJournal.LOADING.equals(was) ? "" : ", with its staged snapshot incomplete")
                        + ") was undone: the database holds what it held before");
    }

    /** Whether every staged collection, wherever it is now, holds the number of documents the journal recorded. */
    private boolean stagedSnapshotWhole(RestoreJournal j) {
        refresh();
        Map<String, String> asideOf = new HashMap<>();
        j.asides.forEach(a -> asideOf.put(a.name(), a.aside()));
        for (RestoreJournal.Move m : j.moves) {
            String holder;
            if (exists(m.staging())) {
                holder = m.staging();
            } else if (exists(m.name()) && (!asideOf.containsKey(m.name()) || exists(asideOf.get(m.name())))) {
                holder = m.name();
            } else {
                return false;
            }
            if (m.expected() < 0 || db.getCollection(holder).countDocuments() != m.expected()) {
                return false;
            }
        }
        return true;
    }

    private void rename(String from, String to) {
        try {
            db.getCollection(from).renameCollection(new MongoNamespace(db.getName(), to),
                    new RenameCollectionOptions().dropTarget(false));
        } catch (MongoCommandException e) {
            if (e.getErrorCode() == NAMESPACE_EXISTS) {
                throw new SourceException("The restore cannot move '" + from + "' to '" + to + "' in database '" + db.getName()
                        + "': a collection '" + to + "' appeared that the restore journal does not know. Rename or drop it, "
                        + "then run the recovery again (it resumes where it stopped).", e);
            }
            if (e.getErrorCode() != NAMESPACE_NOT_FOUND) {
                throw e;
            }
        }
        String type = types.remove(from);
        types.put(to, type == null ? "collection" : type);
    }

    private void drop(String name) {
        db.getCollection(name).drop();
        types.remove(name);
    }

    private void createView(RestoreJournal.View v) {
        BsonDocument create = new BsonDocument("create", new BsonString(v.name()));
        create.putAll(v.options());
        db.runCommand(create);
        types.put(v.name(), "view");
    }
}
