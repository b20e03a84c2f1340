package com.daaisuite.backup.mongo;

import com.daaisuite.backup.ConfigurationException;
import com.daaisuite.backup.core.spi.DatabaseSource;
import com.daaisuite.backup.core.spi.OriginLedger;
import com.daaisuite.backup.core.spi.DumpSummary;
import com.daaisuite.backup.core.spi.JournalSeal;
import com.daaisuite.backup.core.spi.ProgressListener;
import com.daaisuite.backup.core.spi.ReadBudget;
import com.daaisuite.backup.core.spi.RestoreRecovery;
import com.daaisuite.backup.core.spi.RestoreSummary;
import com.daaisuite.backup.core.spi.RestoreTarget;
import com.daaisuite.backup.core.spi.ServerFacts;
import com.daaisuite.backup.mongo.internal.MongoDatabases;
import com.daaisuite.backup.mongo.internal.MongoDumper;
import com.daaisuite.backup.mongo.internal.MongoReadBack;
import com.daaisuite.backup.mongo.internal.MongoRestorer;
import com.daaisuite.backup.mongo.internal.PayloadReader;
import com.daaisuite.backup.mongo.internal.SelfDescription;
import com.daaisuite.backup.mongo.internal.RestoreJournal;
import com.daaisuite.backup.mongo.internal.SwapObserver;
import com.daaisuite.backup.mongo.internal.ServerProbe;
import com.daaisuite.backup.mongo.internal.SourceSettings;
import com.daaisuite.backup.mongo.internal.archive.ArchiveLimits;
import com.mongodb.client.MongoClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import java.util.Optional;
import org.bson.BsonDocument;

/**
 * A {@link DatabaseSource} for MongoDB. Dumps are mongodump archives ({@code mongodump --archive}
 * format, restorable with {@code mongorestore --archive}); restores read such archives, gzipped
 * archives and tars of {@code mongodump --out} folders.
 *
 * <p><b>Dump.</b> Every collection and view of the database except the server's own
 * ({@code system.*}) and restore staging collections, with its options and indexes; documents are
 * streamed as raw BSON with cursor batches sized by bytes. Where the server supports it (a replica
 * set or sharded cluster of MongoDB 5.0 or later, with sessions), all reads share one snapshot session,
 * so the dump is point-in-time consistent; elsewhere it is a plain read and
 * {@link DumpSummary#pointInTime()} is false with a warning saying why.
 *
 * <p><b>Restore.</b> A restore first writes its journal (see below), then loads the payload into
 * staging collections with short reserved names of fixed length ({@code <prefix><restore id>_s<n>},
 * independent of the user's names, so every name the server accepts restores), with unordered bulk
 * inserts in several parallel batches; indexes are built after the data; every namespace's document
 * count and CRC is checked. Only then does the swap run: live collections are set aside (renamed to
 * {@code <prefix><restore id>_a<n>}, not dropped), the staging collections are renamed into place,
 * views are recreated, the journal is marked committed, and the set-aside collections are dropped.
 * On any failure before the swap the staging collections are dropped and the live database is left
 * exactly as it was. The caller must make sure only one restore of a database runs at a time (the
 * library's per-tenant lock does).
 *
 * <p><b>Journal and recovery.</b> The plan of every restore (staging and final names, collections set
 * aside, views to recreate, and the state {@code loading}, {@code swapping} or {@code committed}) is
 * kept in a {@linkplain Builder#journalCollection(String, String) control collection}, default
 * {@value #DEFAULT_JOURNAL_DATABASE}.{@value #DEFAULT_JOURNAL_COLLECTION}, written before each phase.
 * A process killed at any point leaves a journal from which {@link #recoverRestore} finishes the swap
 * (when the staged snapshot is whole) or undoes it: the database then holds exactly the old or exactly
 * the new snapshot. Only collections a journal lists are ever dropped as leftovers; a user collection
 * that merely starts with the prefix is ordinary data. A swap step the server refuses for good (a view
 * it rejects, a name that appeared) is rolled back at once, and recovery tries a swap forward at most
 * three times before it goes back. Journal entries are sealed with the tenant's {@link JournalSeal}
 * (passed in the {@link RestoreTarget}); recovery acts only on entries that seal authenticates.
 *
 * <p>Instances are immutable and thread-safe. A source built from a host's {@link MongoClient}
 * never closes it.
 *
 * <pre>{@code
 * DatabaseSource source = MongoDatabaseSource.builder(mongoClient).build();
 * }</pre>
 *
 * <p>This file is long (about 400 lines) because its builder (a third of the file) documents every
 * setting; dumping and restoring live in {@code internal.MongoDumper} and {@code internal.MongoRestorer}.
 */
public final class MongoDatabaseSource implements DatabaseSource {

    /** The payload format name recorded in manifests. */
    public static final String PAYLOAD_FORMAT = "mongodump-archive";
    /** The default prefix of a restore's reserved (staging and set-aside) collection names. */
    public static final String DEFAULT_STAGING_PREFIX = "__daai_restore_";
    /** The default database of the restore journal. */
    public static final String DEFAULT_JOURNAL_DATABASE = "daai_backup";
    /** The default collection of the restore journal. */
    public static final String DEFAULT_JOURNAL_COLLECTION = "restore_journal";

    private final MongoClient client;
    private final boolean ownsClient;
    private final String description;
    private final SourceSettings settings;
    private final RestoreJournal.Store journals;
    private final SwapObserver observer;
    private final MongoOriginLedger originLedger;
    private final ArchiveLimits limits;

    private MongoDatabaseSource(Builder b) {
        this.client = b.client;
        this.ownsClient = b.ownsClient;
        this.description = b.description != null ? b.description : SelfDescription.describe(b.client);
        this.settings = new SourceSettings(b.maxParallelCollections, b.insertBatchBytes, b.insertBatchCount,
                b.readBatchBytes, b.stagingPrefix, b.toolVersion);
        this.journals = new RestoreJournal.Store(b.client.getDatabase(b.journalDatabase)
                .getCollection(b.journalCollection, BsonDocument.class), b.stagingPrefix);
        this.observer = SwapObserver.NONE;
        this.originLedger = new MongoOriginLedger(b.client.getDatabase(b.journalDatabase)
                .getCollection(MongoOriginLedger.DEFAULT_COLLECTION));
        ArchiveLimits l = ArchiveLimits.defaults();
        l = b.maxMetadataBytes != -1 ? l.withMaxMetadataBytes(b.maxMetadataBytes) : l;
        this.limits = b.maxSpoolBytes >= 0 ? l.withMaxSpoolBytes(b.maxSpoolBytes) : l;
    }

    /**
     * The record of the instant from which each tenant has encrypted backups, in the journal's control
     * database ({@code <journal database>.origin_ledger}), outside the backup storage; {@code Backups}
     * uses it unless the host passes another (docs/security.md, "Legacy plaintext").
     */
    @Override
    public Optional<OriginLedger> originLedger() {
        return Optional.of(originLedger);
    }

    /**
     * Starts a builder.
     *
     * @param client the host's client; the source never closes it
     * @return a builder with the defaults
     */
    public static Builder builder(MongoClient client) {
        return new Builder(client);
    }

    static MongoDatabaseSource owning(MongoClient client, String description) {
        Builder b = new Builder(client);
        b.ownsClient = true;
        b.description = description;
        return b.build();
    }

    @Override
    public String payloadFormat() {
        return PAYLOAD_FORMAT;
    }

    /**
     * Recognizes the mongodump archive magic {@code 6D E2 99 81}, and a tar (a packed
     * {@code mongodump --out} folder) when at least 262 bytes are given.
     */
    @Override
    public boolean recognizes(byte[] prefix, int length) {
        if (prefix == null) {
            return false;
        }
        int n = Math.min(length, prefix.length);
        return PayloadReader.isArchive(prefix, n) || PayloadReader.isTar(prefix, n);
    }

    @Override
    public DumpSummary dump(String database, OutputStream out, ProgressListener progress) throws IOException {
        return dump(database, out, progress, ReadBudget.UNLIMITED);
    }

    /**
     * Under a read budget the cursor batches are at most {@link ReadBudget#batchBytes()} (and at most
     * {@link Builder#readBatchBytes(int)}), and each batch is paid for before the next is asked for, so
     * the server serves one small batch at a time at the budget's rate.
     */
    @Override
    public DumpSummary dump(String database, OutputStream out, ProgressListener progress, ReadBudget budget) throws IOException {
        return new MongoDumper(client, settings, journals).dump(database, null, out, progress, budget);
    }

    /** @return true: {@link #dumpCollections} dumps chosen collections, marked as such in the archive's header */
    @Override
    public boolean dumpsCollections() {
        return true;
    }

    /**
     * The same dump limited to {@code collections} (those that exist); the archive's header names them (a field
     * mongorestore ignores), so that inspecting the payload reports it as partial.
     */
    @Override
    public DumpSummary dumpCollections(String database, java.util.Set<String> collections, OutputStream out,
            ProgressListener progress, ReadBudget budget) throws IOException {
        return new MongoDumper(client, settings, journals).dump(database, MongoDumper.chosen(collections), out, progress, budget);
    }

    /**
     * Restores chosen collections on the same path: only they are staged, set aside and swapped (the journal
     * lists only them), each with the snapshot's documents, indexes and options; every other collection is left
     * as it is.
     */
    @Override
    public boolean restoresCollections() {
        return true;
    }

    @Override
    public RestoreSummary restore(InputStream payload, RestoreTarget target, ProgressListener progress) throws IOException {
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(target, "target");
        return restorer().restore(payload, target, progress == null ? ProgressListener.NONE : progress);
    }

    /**
     * Loads and checks the staging collections, then runs {@code beforeSwap}, then swaps: the library's
     * safety backup of the live collections runs while the new ones are staged (a dump of this database
     * never includes the staging collections a restore journal lists).
     */
    @Override
    public RestoreSummary restore(InputStream payload, RestoreTarget target, ProgressListener progress, Runnable beforeSwap)
            throws IOException {
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(beforeSwap, "beforeSwap");
        return restorer().restore(payload, target, progress == null ? ProgressListener.NONE : progress, beforeSwap);
    }

    private MongoRestorer restorer() {
        return new MongoRestorer(client, settings, limits, journals, observer);
    }

    /** Asks the server whether the database exists (has collections). */
    @Override
    public boolean databaseExists(String database) {
        return databases().exists(database);
    }

    /**
     * Drops {@code database} and forgets its restore journal (a drill killed mid-restore leaves one for
     * its scratch database).
     */
    @Override
    public void dropDatabase(String database) {
        databases().drop(database);
    }

    /** Looks for the journal of an interrupted restore of {@code database}; changes nothing. */
    @Override
    public Optional<String> interruptedRestore(String database) {
        return databases().interruptedRestore(database);
    }

    private MongoDatabases databases() {
        return new MongoDatabases(client, journals, description);
    }

    /**
     * Finishes or undoes an interrupted restore of {@code database} from its journal (see the class description),
     * without a seal: a well-formed entry without a seal is acted on. The library always calls
     * {@link #recoverRestore(String, JournalSeal)}.
     */
    @Override
    public RestoreRecovery recoverRestore(String database) {
        Objects.requireNonNull(database, "database");
        return restorer().recover(database);
    }

    /**
     * Finishes or undoes an interrupted restore of {@code database}, acting only on a journal entry {@code seal}
     * authenticates whose names are its own reserved names and the collections it moves; any other entry is left
     * alone and reported as {@link RestoreRecovery.Outcome#IGNORED}.
     */
    @Override
    public RestoreRecovery recoverRestore(String database, JournalSeal seal) {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(seal, "seal");
        return restorer().recover(database, seal);
    }

    /** Reads the collections several at once (up to {@code maxParallelCollections}), raw BSON, no archive. */
    @Override
    public boolean readContents(String database, com.daaisuite.backup.core.spi.DocumentVisitor visitor) throws IOException {
        new MongoReadBack(client, settings, journals).read(database, visitor);
        return true;
    }

    /** @return a {@link MongoContentsReader}: mongodump payloads, document by document */
    @Override
    public Optional<com.daaisuite.backup.core.spi.ContentsReader> contentsReader() {
        return Optional.of(new MongoContentsReader());
    }

    /** @return a writer of documents by {@code _id}, BSON-exact (the document restore) */
    @Override
    public Optional<com.daaisuite.backup.core.spi.DocumentWriter> documentWriter() {
        return Optional.of(new com.daaisuite.backup.mongo.internal.MongoDocumentWriter(client));
    }

    /**
     * Parses the payload exactly as {@link #restore} would (lengths, CRCs, namespaces, trailer)
     * without touching any database; {@code verify} uses it to prove a snapshot restorable.
     */
    @Override
    public DumpSummary inspectPayload(InputStream payload) throws IOException {
        Objects.requireNonNull(payload, "payload");
        return com.daaisuite.backup.mongo.internal.PayloadInspector.inspect(payload, limits);
    }

    /**
     * Facts about the server (version, topology, whether dumps are point-in-time), for a host's status
     * screen. Not part of the {@code DatabaseSource} SPI: the library itself never needs them.
     *
     * @return the facts
     * @throws com.daaisuite.backup.core.SourceException if the server cannot be asked
     */
    public ServerFacts serverFacts() {
        return ServerProbe.facts(client, description);
    }

    @Override
    public String describe() {
        return description;
    }

    /** Closes the client only if this source created it (from a URI); a host's client is left open. */
    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }

    @Override
    public String toString() {
        return "MongoDatabaseSource[" + description + "]";
    }

    /** Validated, immutable configuration of a {@link MongoDatabaseSource}. */
    public static final class Builder {
        private final MongoClient client;
        private boolean ownsClient;
        private String description;
        private int maxParallelCollections = 2;
        private int insertBatchBytes = 8 * 1024 * 1024;
        private int insertBatchCount = 1000;
        private int readBatchBytes = 8 * 1024 * 1024;
        private String stagingPrefix = DEFAULT_STAGING_PREFIX;
        private String toolVersion = SelfDescription.toolVersion();
        private String journalDatabase = DEFAULT_JOURNAL_DATABASE;
        private String journalCollection = DEFAULT_JOURNAL_COLLECTION;
        private int maxMetadataBytes = -1; // from the heap
        private long maxSpoolBytes = ArchiveLimits.SPOOL_FROM_FREE_DISK;

        private Builder(MongoClient client) {
            if (client == null) {
                throw new ConfigurationException("MongoDatabaseSource needs a MongoClient: pass the host's client to builder(client).");
            }
            this.client = client;
        }

        /**
         * How many insert batches a restore runs at once (across collections), and how many collections
         * {@link MongoDatabaseSource#readContents} (the restore drill's read-back) reads at once. Default 2.
         *
         * @param n 1 to 64
         * @return this builder
         */
        public Builder maxParallelCollections(int n) {
            this.maxParallelCollections = n;
            return this;
        }

        /**
         * A restore sends an insert batch when its documents reach this many bytes. Default 8 MiB.
         *
         * @param bytes 1 KiB to 48 MB (the largest wire message)
         * @return this builder
         */
        public Builder insertBatchBytes(int bytes) {
            this.insertBatchBytes = bytes;
            return this;
        }

        /**
         * A restore sends an insert batch when it holds this many documents. Default 1000.
         *
         * @param count 1 to 100,000
         * @return this builder
         */
        public Builder insertBatchCount(int count) {
            this.insertBatchCount = count;
            return this;
        }

        /**
         * The dump sizes each cursor batch to about this many bytes: batch size = max(1, bytes / the
         * collection's average document size), or 100 when the server does not report one. Default 8 MiB.
         *
         * @param bytes 1 KiB to 32 MiB
         * @return this builder
         */
        public Builder readBatchBytes(int bytes) {
            this.readBatchBytes = bytes;
            return this;
        }

        /**
         * The name prefix of a restore's reserved collections ({@code <prefix><6-character restore id>_s<n>}
         * for staging, {@code _a<n>} for live collections set aside). Names are recorded in the restore
         * journal; a user collection that happens to start with the prefix is ordinary data, dumped and
         * restored like any other. Default {@value MongoDatabaseSource#DEFAULT_STAGING_PREFIX}.
         *
         * @param prefix 3 to 64 characters, without {@code $}, {@code .} or NUL, not starting with {@code system.}
         * @return this builder
         */
        public Builder stagingPrefix(String prefix) {
            this.stagingPrefix = prefix;
            return this;
        }

        /**
         * Where restore journals are kept: a control collection the library owns (like the lock
         * collection), one small document per database being restored. It must not be inside a
         * tenant database that is backed up or restored. Default
         * {@value MongoDatabaseSource#DEFAULT_JOURNAL_DATABASE}.{@value MongoDatabaseSource#DEFAULT_JOURNAL_COLLECTION}.
         *
         * @param database the database of the journal collection
         * @param collection the journal collection
         * @return this builder
         */
        public Builder journalCollection(String database, String collection) {
            this.journalDatabase = database;
            this.journalCollection = collection;
            return this;
        }

        /**
         * The {@code tool_version} written into archive headers. Default {@code daai-backup <version>}.
         *
         * @param toolVersion a non-blank string
         * @return this builder
         */
        public Builder toolVersion(String toolVersion) {
            this.toolVersion = toolVersion;
            return this;
        }

        /**
         * The most collection metadata (indexes, options) a restore or a check holds in memory for one
         * payload, so that a small hostile archive declaring hundreds of MiB of metadata is refused with a
         * {@link com.daaisuite.backup.core.PayloadCorruptException} instead of exhausting the heap. Default: a
         * sixteenth of the JVM's maximum heap, from 1 MiB to 256 MiB (about 10 MiB at the CLI's 160 MiB).
         *
         * @param bytes 1 KiB to 256 MiB
         * @return this builder
         */
        public Builder maxMetadataBytes(int bytes) {
            this.maxMetadataBytes = bytes;
            return this;
        }

        /**
         * The most bytes a restore or a check of a legacy {@code mongodump --out} folder (a tar) may spool
         * into the temporary folder ({@code java.io.tmpdir}), checked while writing. Default: that disk's
         * free space less a reserve of 5% of the disk (at least 64 MiB), asked when the spool starts.
         *
         * @param bytes 0 or more
         * @return this builder
         */
        public Builder maxSpoolBytes(long bytes) {
            this.maxSpoolBytes = bytes;
            return this;
        }

        /**
         * @return the source
         * @throws ConfigurationException naming the first invalid field
         */
        public MongoDatabaseSource build() {
            range("maxParallelCollections", maxParallelCollections, 1, 64);
            range("insertBatchBytes", insertBatchBytes, 1024, 48_000_000);
            range("insertBatchCount", insertBatchCount, 1, 100_000);
            range("readBatchBytes", readBatchBytes, 1024, 32 * 1024 * 1024);
            SourceSettings.requireNames(stagingPrefix, journalDatabase, journalCollection);
            if (maxMetadataBytes != -1) {
                range("maxMetadataBytes", maxMetadataBytes, 1024, ArchiveLimits.MAX_METADATA_BYTES);
            }
            if (maxSpoolBytes < 0 && maxSpoolBytes != ArchiveLimits.SPOOL_FROM_FREE_DISK) {
                throw new ConfigurationException("MongoDatabaseSource maxSpoolBytes must not be negative; was " + maxSpoolBytes + ".");
            }
            if (toolVersion == null || toolVersion.isBlank()) {
                throw new ConfigurationException("MongoDatabaseSource toolVersion must not be blank.");
            }
            return new MongoDatabaseSource(this);
        }

        private static void range(String field, int value, int min, int max) {
            if (value < min || value > max) {
                throw new ConfigurationException("MongoDatabaseSource " + field + " must be " + min + " to " + max
                        + "; was " + value + ".");
            }
        }
    }
}
