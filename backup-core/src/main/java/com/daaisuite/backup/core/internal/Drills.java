package com.daaisuite.backup.core.internal;

import com.daaisuite.backup.BackupException;
import com.daaisuite.backup.IntegrityException;
import com.daaisuite.backup.core.Actor;
import com.daaisuite.backup.core.BackupEvent;
import com.daaisuite.backup.core.CollectionContents;
import com.daaisuite.backup.core.DrillResult;
import com.daaisuite.backup.core.DrillService;
import com.daaisuite.backup.core.Permission;
import com.daaisuite.backup.core.ScratchDatabaseExistsException;
import com.daaisuite.backup.core.Snapshot;
import com.daaisuite.backup.core.SnapshotContents;
import com.daaisuite.backup.core.SnapshotNotFoundException;
import com.daaisuite.backup.core.SourceException;
import com.daaisuite.backup.core.StorageException;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.spi.CollectionSummary;
import com.daaisuite.backup.core.spi.DatabaseSource;
import com.daaisuite.backup.core.spi.ProgressListener;
import com.daaisuite.backup.core.spi.RestoreSummary;
import com.daaisuite.backup.core.spi.RestoreTarget;
import com.daaisuite.backup.core.spi.StorageBackend;
import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.core.spi.TenantDirectory;
import com.daaisuite.backup.crypto.spi.KeyProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The restore drill ({@link DrillService}; docs/operations.md, "The restore drill"). The scratch
 * database is announced before it is created (a marker object in the tenant's folder names it) and
 * dropped in a finally; a marker found later means a process died mid-drill, and its database is
 * dropped before anything else happens. That is also why an existing scratch database without a marker
 * is refused: nothing says a drill made it.
 */
public final class Drills implements DrillService {
    private static final Logger LOG = LoggerFactory.getLogger(Drills.class);
    /** The marker of a drill in progress, in the tenant's folder. */
    static final String MARKER = "drill-in-progress.json";

    private final DatabaseSource source;
    private final StorageBackend storage;
    private final KeyProvider keys;
    private final Guards guards;
    private final TenantFolders folders;
    private final Manifests manifests;
    private final TenantLocks locks;
    private final Events events;
    private final Clock clock;
    private final TenantDirectory tenants;
    private final Actor systemActor;
    private final String pattern;
    private final Duration every;
    private final ContentsService contents;
    private final DrillRecords records;
    private final LiveContents live;
    /** The node's read-rate budget, shared with its dumps: a drill's load and read-back draw from it. */
    private final DumpBudget budget;
    /** One drill at a time on this node: a drill costs as much as a restore. */
    private final ReentrantLock oneAtATime = new ReentrantLock();

    /**
     * @param source the server drills restore into
     * @param storage where archives, markers and results are
     * @param keys the keys that open archives and seal results
     * @param guards tenants and permissions
     * @param folders the tenant's listing
     * @param manifests the sealed manifests an archive must agree with
     * @param locks the tenant's lock
     * @param events where DRILL_PASSED / DRILL_FAILED go
     * @param clock the time of a drill by hand
     * @param tenants the tenants {@link #runDue} looks at
     * @param systemActor who scheduled drills run as
     * @param pattern the scratch database name, {@code {db}} standing for the tenant's database
     * @param every how often a tenant is drilled ({@link Duration#ZERO}: never by schedule)
     * @param origins the origin rules, for the contents a drill reads
     * @param budget the node's read-rate budget ({@link DumpBudget#unlimited()} when the host set none)
     */
    public Drills(DatabaseSource source, StorageBackend storage, KeyProvider keys, Guards guards, TenantFolders folders,
            Manifests manifests, TenantLocks locks, Events events, Clock clock, TenantDirectory tenants, Actor systemActor,
            String pattern, Duration every, OriginRules origins, DumpBudget budget) {
        this.budget = java.util.Objects.requireNonNull(budget, "budget");
        this.source = source;
        this.storage = storage;
        this.keys = keys;
        this.guards = guards;
        this.folders = folders;
        this.manifests = manifests;
        this.locks = locks;
        this.events = events;
        this.clock = clock;
        this.tenants = tenants;
        this.systemActor = systemActor;
        this.pattern = pattern;
        this.every = every;
        this.contents = new ContentsService(source, storage, keys, guards, folders, manifests, events, origins,
                ContentsService.MEMORY_PER_SCAN, ContentsService.defaultSpillParent());
        this.records = new DrillRecords(storage, keys, folders);
        this.live = new LiveContents(source, ContentsService.MEMORY_PER_SCAN, ContentsService.defaultSpillParent());
    }

    /** @return the scratch database of {@code databaseName} under {@code pattern} */
    public static String scratchName(String pattern, String databaseName) {
        return pattern.replace("{db}", databaseName);
    }

    @Override
    public DrillResult drill(Actor actor, String tenantId) {
        Tenant t = allowed(actor, tenantId, null);
        Snapshot s = newestWhole(folders.list(t.id())).orElseThrow(() -> new SnapshotNotFoundException("Tenant " + t.id()
                + " has no snapshot to drill in " + storage.describe() + ". Take a backup first."));
        return drillByHand(t, actor, s);
    }

    @Override
    public DrillResult drill(Actor actor, String tenantId, String fileName) {
        Tenant t = allowed(actor, tenantId, fileName);
        return drillByHand(t, actor, folders.requireSnapshot(folders.list(t.id()), t.id(), fileName));
    }

    @Override
    public Optional<DrillResult> lastDrill(Actor actor, String tenantId) {
        Tenant t = guards.tenant(tenantId);
        guards.requirePermission(actor, Permission.VIEW, t, "see the restore drills of", null);
        return records.last(folders.list(t.id()));
    }

    /** The last drill without a permission check: for {@code Backups.status}, which checked VIEW already. */
    public Optional<DrillResult> lastDrillOf(String tenantId) {
        return records.last(folders.list(tenantId));
    }

    /**
     * The newest snapshot of the whole database: a drill proves the tenant restorable, which the safety backup of a
     * partial restore (only some collections, {@link com.daaisuite.backup.core.SnapshotManifest#onlyCollections()})
     * cannot. Only pre-restore snapshots can be partial, so only their manifests are read.
     */
    private Optional<Snapshot> newestWhole(TenantFolders.Listing l) {
        for (Snapshot s : l.snapshots()) {
            if (s.label() != com.daaisuite.backup.core.SnapshotLabel.PRE_RESTORE) {
                return Optional.of(s);
            }
            try {
                if (manifests.read(l, s.tenantId(), s.fileName()).map(m -> !m.partial()).orElse(true)) {
                    return Optional.of(s);
                }
            } catch (RuntimeException unreadable) {
                return Optional.of(s); // the drill itself reports what is wrong with it
            }
        }
        return Optional.empty();
    }

    /** The result kept beside one snapshot, for the list rows ("proven restorable on"). */
    Optional<DrillResult> resultOf(TenantFolders.Listing l, Snapshot s) {
        return records.read(l, s);
    }

    @Override
    public List<DrillResult> runDue(Instant now) {
        List<DrillResult> ran = new ArrayList<>();
        for (Tenant t : tenants.all()) {
            try {
                TenantFolders.Listing l = folders.list(t.id());
                if (l.names().contains(MARKER)) {
                    withLock(t, keeper -> {
                        removeLeftover(t, systemActor);
                        return null;
                    });
                }
                if (!due(t, l, now)) {
                    continue;
                }
                Optional<DrillResult> r = withLock(t, keeper -> {
                    // Another node may have drilled this period while we waited for the lock.
                    TenantFolders.Listing again = folders.list(t.id());
                    Optional<Snapshot> whole = due(t, again, now) ? newestWhole(again) : Optional.empty();
                    return whole.isPresent() ? locked(t, systemActor, whole.get(), now, keeper) : null;
                });
                r.ifPresent(ran::add);
            } catch (BackupException x) {
                LOG.warn("The scheduled restore drill of tenant {} did not run: {}", t.id(), x.getMessage());
            } catch (RuntimeException x) {
                LOG.error("The scheduled restore drill of tenant {} failed unexpectedly", t.id(), x);
            }
        }
        return ran;
    }

    private boolean due(Tenant t, TenantFolders.Listing l, Instant now) {
        if (every.isZero() || t.sandbox() || !t.active() || l.snapshots().isEmpty()) {
            return false;
        }
        Optional<DrillResult> last = records.last(l);
        return last.isEmpty() || !now.isBefore(last.get().startedAt().plus(every));
    }

    private Tenant allowed(Actor actor, String tenantId, String fileName) {
        java.util.Objects.requireNonNull(actor, "actor");
        Tenant t = guards.tenant(tenantId);
        guards.requirePermission(actor, Permission.RESTORE, t, "run a restore drill of", fileName);
        return t;
    }

    private DrillResult drillByHand(Tenant t, Actor actor, Snapshot s) {
        Optional<DrillResult> r = withLock(t, keeper -> locked(t, actor, s, clock.instant(), keeper));
        return r.orElseThrow(() -> TenantLocks.busy(t.id(), "run a restore drill of"));
    }

    /** Runs {@code work} one at a time on this node and under the tenant's lock; empty when the lock is held. */
    private <T> Optional<T> withLock(Tenant t, java.util.function.Function<LeaseKeeper, T> work) {
        oneAtATime.lock();
        try {
            Optional<LeaseKeeper> lease = locks.tryLock(t.id(), "drill");
            if (lease.isEmpty()) {
                return Optional.empty();
            }
            try (LeaseKeeper keeper = lease.get()) {
                return Optional.ofNullable(work.apply(keeper));
            }
        } finally {
            oneAtATime.unlock();
        }
    }

    private DrillResult locked(Tenant t, Actor actor, Snapshot s, Instant startedAt, LeaseKeeper keeper) {
        String scratch = scratchName(pattern, t.databaseName());
        if (scratch.equals(t.databaseName())) {
            throw new com.daaisuite.backup.ConfigurationException("The drill database pattern '" + pattern + "' names the live"
                    + " database " + t.databaseName() + " of tenant " + t.id() + "; a drill never touches it. Use a pattern"
                    + " such as " + DEFAULT_DATABASE_PATTERN + ".");
        }
        removeLeftover(t, actor);
        if (source.databaseExists(scratch)) {
            throw new ScratchDatabaseExistsException("The restore drill of tenant " + t.id() + " needs the scratch database '"
                    + scratch + "', which already exists and was not left by a drill; nothing was changed. Drop or rename it,"
                    + " or set another name with Backups.Builder.drillDatabase.");
        }
        try {
            // Dropping the database that does not exist changes nothing, and proves the source can drop it
            // later: a source that cannot must not be left with a scratch database it cannot remove.
            source.dropDatabase(scratch);
        } catch (UnsupportedOperationException x) {
            throw new SourceException("The restore drill of tenant " + t.id() + " did not start: " + x.getMessage() + ".", x);
        }
        if (!folders.putSmallObject(t.id(), MARKER, marker(scratch), "drill marker")) {
            throw new StorageException("The restore drill of tenant " + t.id() + " could not record its scratch database in "
                    + storage.describe() + ", so it did not start. Check that the storage is writable.");
        }
        long t0 = System.nanoTime();
        DrillResult r;
        Optional<String> leftOver;
        try {
            r = prove(t, actor, s, scratch, startedAt, t0, keeper);
        } catch (RuntimeException x) {
            Optional<String> left = dropScratch(t, scratch);
            events.emit(BackupEvent.Type.DRILL_FAILED, t.id(), actor, s.fileName(), Duration.ofNanos(System.nanoTime() - t0), 0,
                    0, "the restore drill could not run to the end (nothing is proven either way): " + x.getMessage()
                            + left.map(w -> "; " + w).orElse(""), x);
            throw x;
        } catch (Error x) {
            dropScratch(t, scratch);
            throw x;
        }
        leftOver = dropScratch(t, scratch);
        r = new DrillResult(r.tenantId(), r.fileName(), r.startedAt(), Duration.ofNanos(System.nanoTime() - t0), r.passed(),
                r.reason(), r.scratchDatabase(), r.documents(), r.counts(), r.digestsRecorded());
        Optional<String> notKept = records.write(s, r);
        String after = leftOver.orElse("scratch database " + scratch + " dropped") + notKept.map(w -> "; " + w).orElse("");
        events.emit(r.passed() ? BackupEvent.Type.DRILL_PASSED : BackupEvent.Type.DRILL_FAILED, t.id(), actor, s.fileName(),
                r.duration(), s.sizeBytes(), r.documents(), r.passed() ? "proven restorable: " + r.verdict().detail()
                        + " (" + after + ")" : "not proven restorable: " + r.reason().get() + " (" + after + ")", null);
        return r;
    }

    /** Restores into the scratch database and checks it; an archive or manifest that cannot be trusted is a failed drill. */
    private DrillResult prove(Tenant t, Actor actor, Snapshot s, String scratch, Instant startedAt, long t0, LeaseKeeper keeper) {
        TenantFolders.Listing l = folders.list(t.id());
        RestoreSummary loaded;
        SnapshotContents expected;
        try {
            loaded = load(t, l, s, scratch, keeper);
            expected = contents.contentsOf(t, actor, l, s);
        } catch (IntegrityException x) {
            events.simple(BackupEvent.Type.INTEGRITY_FAILURE, t.id(), actor, s.fileName(), "drill: " + x.getMessage(), x);
            return failed(t, s, scratch, startedAt, t0, "the snapshot does not prove out: " + x.getMessage(), 0, Map.of(), false);
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        for (CollectionSummary c : loaded.collections()) {
            counts.put(c.name(), c.documents());
        }
        List<String> problems = differences(expected.collections(), live.databaseContents(t, scratch, budget));
        if (!problems.isEmpty()) {
            return failed(t, s, scratch, startedAt, t0, "the restored database differs from what the snapshot recorded: "
                    + String.join("; ", problems), loaded.documents(), counts, expected.recorded());
        }
        return new DrillResult(t.id(), s.fileName(), startedAt, Duration.ofNanos(System.nanoTime() - t0), true, Optional.empty(),
                scratch, loaded.documents(), counts, expected.recorded());
    }

    private static DrillResult failed(Tenant t, Snapshot s, String scratch, Instant startedAt, long t0, String reason,
            long documents, Map<String, Long> counts, boolean recorded) {
        return new DrillResult(t.id(), s.fileName(), startedAt, Duration.ofNanos(System.nanoTime() - t0), false,
                Optional.of(reason), scratch, documents, counts, recorded);
    }

    /** The same proof and load as a restore (RestoreWorkflow): the whole archive is read and checked first. */
    private RestoreSummary load(Tenant t, TenantFolders.Listing l, Snapshot s, String scratch, LeaseKeeper keeper) {
        StorageKey key = StorageKey.of(t.id(), s.fileName());
        try (ArchiveProof proof = ArchiveProof.prove(storage, key, keys, t.id(), source)) {
            manifests.requireBound(l, t.id(), s);
            String from = proof.payload().database().isEmpty() ? t.databaseName() : proof.payload().database();
            try (InputStream raw = proof.reopen()) {
                ArchiveFormat.Opened o = ArchiveFormat.openNamed(raw, keys, t.id(), source, key);
                // Paced by the node's budget: a scheduled drill follows the 01:00 wave's backups, and its load is
                // the database's work, not the node's.
                try (InputStream payload = budget.pace(ReadAhead.of(o.payload(), "daai-backup-drill"))) {
                    return source.restore(payload, RestoreTarget.mapping(from, scratch), ProgressListener.NONE, () -> {
                        // The fencing check of a restore: a node that lost the tenant's lock stops here.
                        if (!keeper.stillHeld()) {
                            throw TenantLocks.lost(t.id(), "the restore drill of " + s.fileName());
                        }
                    });
                }
            }
        } catch (IOException x) {
            throw Failures.specific(x, c -> new StorageException("Reading " + key + " from " + storage.describe() + " failed: "
                    + c.getMessage() + ". The drill proved nothing; check the storage and try again.", c));
        } catch (RuntimeException x) {
            throw Failures.specific(x, c -> new SourceException("Restoring " + key + " into the scratch database " + scratch
                    + " failed: " + c + ". The live database was not touched.", c));
        }
    }

    /** Every way the scratch database differs from the snapshot's record, one line each. */
    static List<String> differences(List<CollectionContents> expected, List<CollectionContents> actual) {
        Map<String, CollectionContents> got = new TreeMap<>();
        actual.forEach(c -> got.put(c.name(), c));
        List<String> out = new ArrayList<>();
        for (CollectionContents e : expected) {
            CollectionContents a = got.remove(e.name());
            if (a == null) {
                out.add("collection " + e.name() + " is missing");
                continue;
            }
            if (a.documents() != e.documents()) {
                out.add("collection " + e.name() + " has " + a.documents() + " documents, the snapshot recorded " + e.documents());
            } else if (!a.digest().equals(e.digest())) {
                out.add("collection " + e.name() + " has other contents than the snapshot recorded (digest " + a.digest()
                        + ", recorded " + e.digest() + ")");
            }
            if (!new TreeSet<>(a.indexNames()).equals(new TreeSet<>(e.indexNames()))) {
                out.add("collection " + e.name() + " has indexes " + new TreeSet<>(a.indexNames()) + ", the snapshot recorded "
                        + new TreeSet<>(e.indexNames()));
            }
        }
        got.keySet().forEach(n -> out.add("collection " + n + " is not in the snapshot"));
        return out;
    }

    private static byte[] marker(String scratch) {
        return Json.write(Map.of("scratchDatabase", scratch)).getBytes(StandardCharsets.UTF_8);
    }

    /** A marker left by a killed drill, or by one whose drop failed: drop the database it names, then the marker. */
    private void removeLeftover(Tenant t, Actor actor) {
        StorageKey key = StorageKey.of(t.id(), MARKER);
        String scratch;
        try (InputStream in = storage.openRead(key)) {
            scratch = (String) Json.readObject(new String(in.readNBytes(64 << 10), StandardCharsets.UTF_8)).get("scratchDatabase");
        } catch (java.io.FileNotFoundException | java.nio.file.NoSuchFileException absent) {
            return;
        } catch (IOException | RuntimeException x) {
            if (!folders.list(t.id()).names().contains(MARKER)) {
                return;
            }
            throw new StorageException("The marker of an interrupted restore drill " + key.path() + " cannot be read: "
                    + x.getMessage() + ". Check the storage; delete the marker by hand only after dropping the scratch"
                    + " database it names.", x);
        }
        if (scratch == null || scratch.equals(t.databaseName())) {
            throw new StorageException("The marker " + key.path() + " does not name a scratch database (or names the live"
                    + " one), so nothing was dropped. Check the storage; someone may have edited it.");
        }
        LOG.info("Tenant {}: dropping the scratch database {} an earlier restore drill left", t.id(), scratch);
        dropScratch(t, scratch).ifPresent(problem -> {
            throw new SourceException("The restore drill of tenant " + t.id() + " did not start: " + problem + ".");
        });
    }

    /**
     * Drops the scratch database, then the marker; a drop that fails keeps the marker for the next attempt.
     *
     * @return what could not be dropped, in a sentence for the drill's event; empty when it was
     */
    private Optional<String> dropScratch(Tenant t, String scratch) {
        try {
            source.dropDatabase(scratch);
        } catch (RuntimeException x) {
            LOG.warn("Tenant {}: the scratch database {} could not be dropped now ({}); the next drill or runDue tick drops it",
                    t.id(), scratch, x.toString());
            return Optional.of("the scratch database " + scratch + " could not be dropped (" + x.getMessage()
                    + "); the next drill or runDue tick drops it");
        }
        try {
            storage.delete(List.of(StorageKey.of(t.id(), MARKER)));
        } catch (IOException | RuntimeException x) {
            LOG.warn("Tenant {}: the drill marker could not be deleted ({}); the next drill drops {} again", t.id(), x.toString(),
                    scratch);
        }
        return Optional.empty();
    }
}
