package com.daaisuite.backup.mongo;

import com.daaisuite.backup.ConfigurationException;
import com.daaisuite.backup.core.SourceException;
import com.daaisuite.backup.core.spi.OriginLedger;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import java.util.Optional;
import org.bson.Document;

/**
 * An {@link OriginLedger} kept in MongoDB, outside the backup storage: by default in the control
 * database beside the restore journal ({@code daai_backup.origin_ledger}), one document per tenant,
 * {@code {_id: tenantId, encryptedSince: Date, recordedAt: Date}}. A storage writer who deletes or
 * renames a tenant's encrypted snapshots cannot move it, so plaintext planted after them is refused
 * (docs/security.md). Recording is one upsert with {@code $min}, so the record only moves earlier,
 * whatever nodes race; it is written with majority write concern and journaling. Thread-safe.
 *
 * <p>{@link MongoDatabaseSource#originLedger()} provides one beside its restore journal, which
 * {@code Backups} uses by default; pass another to {@code Backups.builder().originLedger(..)} to keep
 * the record elsewhere (docs/hosting.md).
 */
public final class MongoOriginLedger implements OriginLedger {
    /** The default control database, shared with the restore journal. */
    public static final String DEFAULT_DATABASE = MongoDatabaseSource.DEFAULT_JOURNAL_DATABASE;
    /** The default collection. */
    public static final String DEFAULT_COLLECTION = "origin_ledger";

    private final MongoCollection<Document> collection;
    private final Clock clock;

    /**
     * A ledger in {@value #DEFAULT_DATABASE}.{@value #DEFAULT_COLLECTION}.
     *
     * @param client the host's client (not closed by the ledger)
     */
    public MongoOriginLedger(MongoClient client) {
        this(Objects.requireNonNull(client, "client").getDatabase(DEFAULT_DATABASE).getCollection(DEFAULT_COLLECTION));
    }

    /**
     * @param collection where the records live (the host's choice; it may hold nothing else)
     */
    public MongoOriginLedger(MongoCollection<Document> collection) {
        if (collection == null) {
            throw new ConfigurationException("MongoOriginLedger needs a collection, for example"
                    + " client.getDatabase(\"daai_backup\").getCollection(\"origin_ledger\").");
        }
        this.collection = collection.withWriteConcern(WriteConcern.MAJORITY.withJournal(true));
        this.clock = Clock.systemUTC();
    }

    @Override
    public Optional<Instant> encryptedSince(String tenantId) {
        Objects.requireNonNull(tenantId, "tenantId");
        try {
            Document d = collection.find(Filters.eq("_id", tenantId)).first();
            return d == null || d.getDate("encryptedSince") == null ? Optional.empty()
                    : Optional.of(d.getDate("encryptedSince").toInstant());
        } catch (MongoException e) {
            throw failure("read", tenantId, e);
        }
    }

    @Override
    public Instant record(String tenantId, Instant since) {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(since, "since");
        for (int attempt = 1; ; attempt++) {
            try {
                collection.updateOne(Filters.eq("_id", tenantId), Updates.combine(
                        Updates.min("encryptedSince", Date.from(since)),
                        Updates.setOnInsert("recordedAt", Date.from(clock.instant()))), new UpdateOptions().upsert(true));
                return encryptedSince(tenantId).orElseThrow(() -> new SourceException("The origin record of tenant '"
                        + tenantId + "' in " + describe() + " was written but cannot be read back. Check the collection."));
            } catch (MongoWriteException e) {
                // Two first upserts raced: the loser's retry updates the winner's document.
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY || attempt >= 3) {
                    throw failure("write", tenantId, e);
                }
            } catch (MongoException e) {
                throw failure("write", tenantId, e);
            }
        }
    }

    @Override
    public String describe() {
        return "MongoDB " + collection.getNamespace();
    }

    @Override
    public String toString() {
        return "MongoOriginLedger[" + collection.getNamespace() + "]";
    }

    private SourceException failure(String what, String tenantId, MongoException e) {
        return new SourceException("Could not " + what + " the origin record of tenant '" + tenantId + "' in "
                + collection.getNamespace() + ": " + e.getMessage() + ". Check that MongoDB is reachable, then retry.", e);
    }
}
