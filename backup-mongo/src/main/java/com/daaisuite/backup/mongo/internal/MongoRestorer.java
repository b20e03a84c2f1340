package com.daaisuite.backup.mongo.internal;

import com.daaisuite.backup.BackupException;
import com.daaisuite.backup.core.SourceException;
import com.daaisuite.backup.core.spi.CollectionSummary;
import com.daaisuite.backup.core.spi.JournalSeal;
import com.daaisuite.backup.core.spi.ProgressListener;
import com.daaisuite.backup.core.spi.RestoreRecovery;
import com.daaisuite.backup.core.spi.RestoreSummary;
import com.daaisuite.backup.core.spi.RestoreTarget;
import com.daaisuite.backup.mongo.internal.archive.ArchiveLimits;
import com.daaisuite.backup.mongo.internal.archive.ArchiveSource;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores a payload into staging collections of the target database, checks it completely, and only
 * then swaps it into place. Until the swap, the live collections are never written; on any failure the
 * staging collections are dropped and the live database stays exactly as it was. A swap step the
 * server refuses for good is rolled back at once (see {@link Swap}).
 *
 * <p>{@code restore()} reads top to bottom as the whole sequence; the jobs live beside it: names in
 * {@code RestoreNames}, the plan and its option checks in {@code RestorePlan} and {@code CreateOptions},
 * the staging collections, indexes and view trials in {@code StagingCollections}, the parallel load in
 * {@code StagingLoader}, the journal in {@code RestoreJournal}, the crash-safe swap in {@code Swap}.
 */
public final class MongoRestorer {

    private static final Logger LOG = LoggerFactory.getLogger(MongoRestorer.class);

    private final MongoClient client;
    private final SourceSettings settings;
    private final ArchiveLimits limits;
    private final RestoreJournal.Store journals;
    private final SwapObserver observer;

    public MongoRestorer(MongoClient client, SourceSettings settings, ArchiveLimits limits, RestoreJournal.Store journals,
            SwapObserver observer) {
        this.client = client;
        this.settings = settings;
        this.limits = limits;
        this.journals = journals;
        this.observer = observer;
    }

    /** As {@link #recover(String, JournalSeal)} without a seal: well-formed unsealed entries are acted on. */
    public RestoreRecovery recover(String database) {
        return recover(database, null);
    }

    /**
     * Finishes or undoes an interrupted restore of {@code database}, if its journal is there and may be trusted
     * (see {@link RestoreJournal#problem}); an entry that may not is left alone and reported as ignored.
     *
     * @param seal the tenant's seal; null when the caller has none
     * @return what was found and done
     */
    public RestoreRecovery recover(String database, JournalSeal seal) {
        try {
            Optional<RestoreJournal> journal = journals.find(database);
            if (journal.isEmpty()) {
                return RestoreRecovery.none(database);
            }
            RestoreJournal j = journal.get();
            String problem = j.problem(journals.prefix(), seal);
            if (problem != null) {
                String detail = "the restore journal entry for database '" + database + "' in " + journals.describe()
                        + " was not acted on: " + problem + ". Nothing was changed. If it is a restore interrupted while an "
                        + "earlier version ran, finish it with that version's recovery; otherwise remove the entry (its _id is '"
                        + database + "') after checking the collections it lists";
                LOG.warn("Recovery: {}", detail);
                return new RestoreRecovery(database, "", RestoreRecovery.Outcome.IGNORED, "", List.of(), detail);
            }
            RestoreRecovery r = new Swap(client.getDatabase(database), journals, observer).recover(j.sealedWith(seal));
            LOG.warn("Recovery: {}", r.detail());
            return r;
        } catch (MongoException e) {
            throw new SourceException("Recovering the interrupted restore of database '" + database + "' (journal in "
                    + journals.describe() + ") failed: " + e.getMessage() + ". Nothing was lost: every step is repeatable; "
                    + "run the recovery again when the server is reachable.", e);
        }
    }

    public RestoreSummary restore(InputStream payload, RestoreTarget target, ProgressListener progress) throws IOException {
        return restore(payload, target, progress, () -> { });
    }

    /** As above; {@code beforeSwap} runs once the staging collections are loaded and checked, before the swap. */
    public RestoreSummary restore(InputStream payload, RestoreTarget target, ProgressListener progress, Runnable beforeSwap)
            throws IOException {
        String targetDb = target.database();
        String sourceDb = target.fromDatabase().orElse(targetDb);
        JournalSeal seal = target.journalSeal().orElse(null);
        MongoDatabase db;
        try {
            db = client.getDatabase(targetDb);
        } catch (IllegalArgumentException e) {
            throw new SourceException("Cannot restore into database '" + targetDb + "': " + e.getMessage()
                    + ". Pass a valid MongoDB database name.", e);
        }
        CountingInputStream counted = new CountingInputStream(payload);
        try (ArchiveSource reader = PayloadReader.open(counted, limits)) {
            RestorePlan plan = RestorePlan.of(reader.prelude(), sourceDb, targetDb, settings,
                    target.collections().orElse(null));
            // An interrupted restore of this database is finished or undone first: its journal is the only
            // record of which reserved collections exist. An entry recovery may not trust is replaced by ours.
            RestoreRecovery earlier = recover(targetDb, seal);
            if (earlier.found()) {
                LOG.warn("Restore of database '{}': {} before starting", targetDb, earlier.detail());
            }
            Run run = new Run(db, targetDb, sourceDb, plan, counted, progress, seal);
            run.prepare();
            try {
                run.phase = "writing the restore journal";
                journals.write(run.journal);
                observer.reached("journal-loading");
                // The marker lives exactly as long as the restore: an entry whose marker is gone has nothing left to do.
                db.createCollection(run.journal.marker(settings.stagingPrefix()));
                run.phase = "creating the staging collections";
                run.staging.create();
                run.phase = "trying the snapshot's views under reserved names";
                run.staging.tryViews();
                observer.reached("staging-created");
                run.phase = "loading documents into the staging collections";
                run.loader.load(reader);
                run.phase = "building indexes on the staging collections";
                run.staging.buildIndexes();
                run.phase = "checking the staging collections' document counts";
                run.staging.verify(run.loader);
                observer.reached("staging-verified");
                // The caller's safety backup ran beside the load; it must have finished (and the gate be entered)
                // before anything live moves. Its failure aborts here like any other: staging dropped, live untouched.
                run.phase = "waiting for the pre-restore safety backup";
                beforeSwap.run();
            } catch (Throwable t) {
                throw run.abort(t);
            }
            return run.swap();
        }
    }

    /** The state of one restore. */
    private final class Run {
        final MongoDatabase db;
        final String targetDb;
        final String sourceDb;
        final RestorePlan plan;
        final CountingInputStream counted;
        final ProgressListener progress;
        final JournalSeal seal;
        volatile String phase = "starting";
        /** The collection the current phase works on, for messages; null when none. */
        final AtomicReference<String> current = new AtomicReference<>();
        final RestoreNames names = RestoreNames.fresh(settings.stagingPrefix());
        final StagingCollections staging;
        final StagingLoader loader;
        RestoreJournal journal;

        Run(MongoDatabase db, String targetDb, String sourceDb, RestorePlan plan, CountingInputStream counted,
                ProgressListener progress, JournalSeal seal) {
            this.db = db;
            this.targetDb = targetDb;
            this.sourceDb = sourceDb;
            this.plan = plan;
            this.counted = counted;
            this.progress = progress;
            this.seal = seal;
            this.staging = new StagingCollections(db, plan, names, current, observer);
            this.loader = new StagingLoader(db, sourceDb, plan, settings, staging.stagingOf, counted, progress, current);
        }

        /** Checks every name fits the server and drafts the journal. Writes nothing. */
        void prepare() {
            List<RestoreJournal.Move> moves = new ArrayList<>();
            staging.stagingOf.forEach((name, stagingName) -> moves.add(new RestoreJournal.Move(name, stagingName, -1)));
            List<String> finals = new ArrayList<>();
            for (RestorePlan.Item item : plan.items.values()) {
                if (item.load) {
                    finals.add(item.name);
                }
            }
            int live;
            NamespaceLimit limit;
            try {
                live = db.listCollectionNames().into(new ArrayList<>()).size();
                limit = NamespaceLimit.of(ServerProbe.versionParts(client));
            } catch (MongoException e) {
                throw new SourceException("Could not read the collections of database '" + targetDb + "' before restoring: "
                        + e.getMessage() + ". Nothing was changed; check that the server is reachable and retry.", e);
            }
            limit.check(targetDb, finals, names, Math.max(moves.size() + staging.probeOf.size(), live));
            journal = new RestoreJournal(targetDb, names.restoreId(), RestoreJournal.LOADING, moves, List.of(), List.of(),
                    List.of(), List.copyOf(staging.probeOf.values()), true, 0, "", seal, null, null);
        }

        /** Drops the staging collections and turns the failure into the exception to throw. */
        RuntimeException abort(Throwable failureCause) throws IOException {
            if (failureCause instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            String cleanup;
            try {
                staging.drop();
                String marker = journal.marker(settings.stagingPrefix());
                if (db.listCollectionNames().into(new ArrayList<>()).contains(marker)) {
                    db.getCollection(marker).drop();
                }
                journals.remove(journal);
                cleanup = "the staging collections were removed.";
            } catch (RuntimeException e) {
                failureCause.addSuppressed(e);
                cleanup = "the staging collections could not be removed (" + e.getMessage()
                        + "); the restore journal in " + journals.describe() + " lists them, and the next operation on "
                        + "this database removes them.";
            }
            LOG.warn("Restore of database '{}' failed while {}; the live database was not changed; {}", targetDb, phase,
                    cleanup);
            if (failureCause instanceof BackupException e) {
                throw e;
            }
            if (failureCause instanceof IOException e) {
                throw e;
            }
            if (failureCause instanceof Error e) {
                throw e;
            }
            String what = failureCause instanceof MongoException ? failureCause.getMessage() : failureCause.toString();
            String which = current.get() == null ? "" : " (collection '" + current.get() + "')";
            return new SourceException("The restore of database '" + targetDb + "' failed while " + phase + which + ": "
                    + what + ". The live database was not changed; " + cleanup + " "
                    + ServerFailures.advice(failureCause, current.get()), failureCause);
        }

        RuntimeException abortQuietly(Throwable t) {
            try {
                return abort(t);
            } catch (IOException | RuntimeException e) {
                return e instanceof RuntimeException r ? r : new SourceException(e.getMessage(), e);
            }
        }

        RestoreSummary swap() {
            List<String> dropped = new ArrayList<>();
            phase = "writing the swap plan into the restore journal";
            try {
                Set<String> ours = new HashSet<>(staging.stagingOf.values());
                ours.addAll(staging.probeOf.values());
                ours.add(journal.marker(settings.stagingPrefix()));
                List<RestoreJournal.Aside> asides = new ArrayList<>();
                List<RestoreJournal.View> liveViews = new ArrayList<>();
                int n = 0;
                for (BsonDocument info : db.listCollections(BsonDocument.class)) {
                    String name = info.getString("name").getValue();
                    // A collections restore sets aside only the chosen collections: every other one is not in the
                    // journal, so neither the swap nor its recovery (forward or back) can touch it.
                    if (name.startsWith("system.") || ours.contains(name) || !plan.touches(name)) {
                        continue;
                    }
                    if (!plan.items.containsKey(name) || !plan.items.get(name).load) {
                        dropped.add(name);
                    }
                    if ("view".equals(info.getString("type", new BsonString("collection")).getValue())) {
                        BsonDocument options = info.isDocument("options") ? info.getDocument("options").clone() : new BsonDocument();
                        options.remove("uuid");
                        liveViews.add(new RestoreJournal.View(name, options));
                    } else {
                        asides.add(new RestoreJournal.Aside(name, names.aside(++n)));
                    }
                }
                List<RestoreJournal.Move> moves = new ArrayList<>();
                for (RestoreJournal.Move m : journal.moves) {
                    moves.add(new RestoreJournal.Move(m.name(), m.staging(), plan.items.get(m.name()).documentsRead));
                }
                List<RestoreJournal.View> views = new ArrayList<>();
                for (RestorePlan.Item item : plan.items.values()) {
                    if (item.load && item.isView()) {
                        views.add(new RestoreJournal.View(item.name, item.options.clone()));
                    }
                }
                journal = new RestoreJournal(targetDb, names.restoreId(), RestoreJournal.SWAPPING, moves, asides, liveViews, views,
                        journal.probes, true, 0, "", seal, null, null);
                journals.write(journal);
            } catch (MongoException e) {
                // The journal still says "loading": the next operation removes the staging collections.
                throw abortQuietly(e);
            }
            observer.reached("journal-swapping");
            phase = "swapping the staging collections into place";
            Swap swap = new Swap(db, journals, observer);
            try {
                swap.forward(journal);
            } catch (RuntimeException e) {
                throw swapFailed(swap, e);
            }
            List<CollectionSummary> summaries = new ArrayList<>();
            long documents = 0;
            for (RestorePlan.Item item : plan.items.values()) {
                if (item.load) {
                    summaries.add(new CollectionSummary(item.name, item.type, item.documentsRead, item.bytesRead,
                            item.indexCount()));
                    documents += item.documentsRead;
                }
            }
            if (!plan.skipped.isEmpty()) {
                LOG.warn("Restore of database '{}': the server collections {} in the payload were checked but not restored",
                        targetDb, plan.skipped);
            }
            progress.progress(counted.count(), loader.loaded());
            return new RestoreSummary(targetDb, summaries, documents, counted.count(), dropped);
        }

        /**
         * A swap step failed. Refused for good before the commit: roll back now, so the tenant is usable at once.
         * Otherwise (the server is unreachable, or the snapshot is already in place): leave the journal for recovery.
         */
        RuntimeException swapFailed(Swap swap, RuntimeException e) {
            String why = ServerFailures.describe(e);
            if (!swap.committed() && ServerFailures.permanent(e)) {
                try {
                    swap.rollBack(journal, why);
                } catch (RuntimeException back) {
                    e.addSuppressed(back);
                    return new SourceException("The restore of database '" + targetDb + "' was refused while " + phase + " ("
                            + why + "), and rolling it back stopped too: " + back.getMessage() + ". The restore journal in "
                            + journals.describe() + " records the cause: the next operation on this tenant (or an explicit "
                            + "recovery) finishes the rollback. Keep the workspace in maintenance until then.", e);
                }
                LOG.warn("Restore of database '{}' was refused while {} ({}); it was rolled back", targetDb, phase, why);
                return new SourceException("The restore of database '" + targetDb + "' was refused while " + phase + ": " + why
                        + ". It was rolled back: the live database holds exactly what it held before, and the workspace is "
                        + "usable. " + ServerFailures.advice(e, current.get()), e);
            }
            return new SourceException("The restore of database '" + targetDb + "' was interrupted while " + phase + ": "
                    + e.getMessage() + ". The snapshot was complete and checked, and the restore journal in "
                    + journals.describe() + " records every step: the next operation on this tenant (or an explicit "
                    + "recovery) finishes the swap. Keep the workspace in maintenance until then.", e);
        }
    }
}
