package com.daaisuite.backup.mongo.internal;

import com.daaisuite.backup.core.SourceException;
import com.daaisuite.backup.core.spi.RestoreRecovery;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.MongoNamespace;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.RenameCollectionOptions;
import java.util.HashMap;
import java.util.Map;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 *
 * <p><b>Every step can go back.</b> A step before the commit that the server refuses for a reason a
 * retry cannot cure ({@link ServerFailures#permanent}) is not retried: the journal records the cause,
 * and the swap goes back at once. Recovery tries a swap forward at most {@link #MAX_FORWARD_ATTEMPTS}
 * times (the journal counts them), then goes back. After the commit the snapshot is in place and only
 * reserved names remain to drop, so recovery always finishes forward.
 */
public final class Swap {
    /** Recoveries that may try a swap forward before it is undone instead. */
    public static final int MAX_FORWARD_ATTEMPTS = 3;

    private static final Logger LOG = LoggerFactory.getLogger(Swap.class);
    private static final int NAMESPACE_EXISTS = 48;
    private static final int NAMESPACE_NOT_FOUND = 26;

    private final MongoDatabase db;
    private final RestoreJournal.Store store;
    private final SwapObserver observer;
    /** Name to type of the database's collections, kept current by every step. */
    private final Map<String, String> types = new HashMap<>();
    /** Whether this swap marked its journal committed: from then on it only goes forward. */
    private boolean committed;

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
                        observer.before("set-aside:" + n);
                        rename(a.name(), a.aside());
                    }
                    observer.reached("set-aside:" + n);
                }
                observer.before("live-views-dropped");
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
                    observer.before("renamed:" + n);
                    rename(m.staging(), m.name());
                }
                observer.reached("renamed:" + n);
            }
            observer.before("views-created");
            for (RestoreJournal.View v : j.views) {
                if (!exists(v.name())) {
                    createView(v);
                }
            }
            observer.reached("views-created");
            observer.before("committed");
            j = j.withState(RestoreJournal.COMMITTED);
            store.write(j);
            committed = true;
            observer.reached("committed");
        } else {
            committed = true;
        }
        int n = 0;
        for (RestoreJournal.Aside a : j.asides) {
            n++;
            if (exists(a.aside())) {
                observer.before("aside-dropped:" + n);
                drop(a.aside());
            }
            observer.reached("aside-dropped:" + n);
        }
        dropProbes(j);
        observer.before("marker-dropped");
        dropMarker(j);
        observer.reached("marker-dropped");
        observer.before("journal-removed");
        store.remove(j);
        observer.reached("journal-removed");
    }

    /** @return whether the journal is committed (a failure after it is finished forward, never undone) */
    public boolean committed() {
        return committed;
    }

    /**
     * Goes back because a forward step failed for good: records the cause in the journal first (so that a
     * recovery after a crash here goes back too), then undoes the swap.
     *
     * @param j the journal of the swap (state swapping)
     * @param cause what the server refused
     */
    public void rollBack(RestoreJournal j, String cause) {
        RestoreJournal withCause = j.withCause(cause);
        try {
            store.write(withCause);
        } catch (MongoException e) {
            // Going back does not depend on it: once a placed collection is dropped the staged snapshot is no
            // longer whole, and recovery goes back by itself.
            LOG.warn("Restore {} of database '{}': the cause of its rollback could not be recorded in the journal: {}",
                    j.restoreId, j.database, e.toString());
        }
        back(withCause);
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
            dropProbes(j);
            dropMarker(j);
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
        dropProbes(j);
        dropMarker(j);
        store.remove(j);
        observer.reached("journal-removed");
    }

    /**
     * Finishes or undoes the interrupted restore a journal describes. The attempt is counted in the journal
     * before anything is done; a swap that already failed {@link #MAX_FORWARD_ATTEMPTS} times, or whose
     * journal records a cause, goes back; a forward step the server refuses for good goes back at once.
     *
     * @return what was done
     */
    public RestoreRecovery recover(RestoreJournal journal) {
        String was = journal.state;
        RestoreJournal j = journal;
        refresh();
        if (j.marked && !exists(j.marker(store.prefix()))) {
            // The marker goes last: nothing of this restore is left (only the entry's removal was lost), or the entry
            // was written back after its restore ended. Either way there is nothing to rename or drop.
            store.remove(j);
            observer.reached("journal-removed");
            boolean finished = RestoreJournal.COMMITTED.equals(was);
            return new RestoreRecovery(j.database, j.restoreId, finished ? RestoreRecovery.Outcome.FORWARD
                    : RestoreRecovery.Outcome.BACK, was, j.collectionNames(), "the interrupted restore " + j.restoreId
                    + " of database '" + j.database + "' (stopped while " + was + ") had nothing left in the database: its "
                    + "entry was removed and nothing else was touched");
        }
        if (!RestoreJournal.LOADING.equals(was)) {
            j = journal.withAttempt();
            store.write(j);
        }
        boolean forwardAllowed = j.cause.isEmpty() && j.attempts <= MAX_FORWARD_ATTEMPTS;
        if (RestoreJournal.COMMITTED.equals(was) || (RestoreJournal.SWAPPING.equals(was) && forwardAllowed && stagedSnapshotWhole(j))) {
            try {
                forward(j);
                return new RestoreRecovery(j.database, j.restoreId, RestoreRecovery.Outcome.FORWARD, was, j.collectionNames(),
                        "the interrupted restore " + j.restoreId + " of database '" + j.database + "' (stopped while " + was
                                + ") was finished: the database holds the restored snapshot");
            } catch (RuntimeException e) {
                if (RestoreJournal.COMMITTED.equals(was) || !ServerFailures.permanent(e)) {
                    throw e;
                }
                j = j.withCause(ServerFailures.describe(e));
                rollBack(j, j.cause);
                return backReport(j, was);
            }
        }
        if (RestoreJournal.SWAPPING.equals(was) && j.cause.isEmpty() && !forwardAllowed) {
            j = j.withCause("the swap could not be finished in " + MAX_FORWARD_ATTEMPTS + " recoveries");
            rollBack(j, j.cause);
        } else {
            back(j);
        }
        return backReport(j, was);
    }

    private static RestoreRecovery backReport(RestoreJournal j, String was) {
        String why = !j.cause.isEmpty() ? ", because " + j.cause
                : RestoreJournal.LOADING.equals(was) ? "" : ", with its staged snapshot incomplete";
        return new RestoreRecovery(j.database, j.restoreId, RestoreRecovery.Outcome.BACK, was, j.collectionNames(),
                "the interrupted restore " + j.restoreId + " of database '" + j.database + "' (stopped while " + was + why
                        + ") was undone: the database holds what it held before"
                        + (j.cause.isEmpty() ? "" : ". Fix the cause or choose another snapshot, then restore again"));
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

    private void dropProbes(RestoreJournal j) {
        for (String probe : j.probes) {
            if (exists(probe)) {
                drop(probe);
            }
        }
    }

    private void dropMarker(RestoreJournal j) {
        String marker = j.marker(store.prefix());
        if (j.marked && exists(marker)) {
            drop(marker);
        }
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

    /** Creates a view from its allowed options only (see {@link CreateOptions}), whatever the journal holds. */
    private void createView(RestoreJournal.View v) {
        db.runCommand(CreateOptions.createView(v.name(), v.options()));
        types.put(v.name(), "view");
    }
}
