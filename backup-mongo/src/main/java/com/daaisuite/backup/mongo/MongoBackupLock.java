package com.daaisuite.backup.mongo;

import com.daaisuite.backup.ConfigurationException;
import com.daaisuite.backup.core.SourceException;
import com.daaisuite.backup.core.spi.BackupLock;
import com.daaisuite.backup.core.spi.Lease;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * A {@link BackupLock} kept in a MongoDB collection the host chooses: one lease document per tenant,
 * {@code {_id: tenantId, owner, token, expiresAt}}.
 *
 * <ul>
 *   <li>Acquiring is one {@code findOneAndUpdate} with upsert, matching the tenant's document only if
 *       it is absent or expired; a live lease makes the upsert collide on {@code _id}, which is the
 *       ordinary "not acquired" outcome (so is losing a race between two nodes).</li>
 *   <li>The fencing token is incremented with {@code $inc} on every acquisition, and lease documents
 *       are never deleted, so tokens only grow.</li>
 *   <li>Renewing and releasing match owner and token, so a node whose lease expired and was taken by
 *       another can neither extend nor release the new holder's lease.</li>
 * </ul>
 * Expiry uses the injected clock of the acquiring node; clocks of the nodes must agree to well within
 * the leases' time to live. Thread-safe.
 *
 * <pre>{@code
 * BackupLock lock = new MongoBackupLock(client.getDatabase("app").getCollection("backup_locks"));
 * }</pre>
 */
public final class MongoBackupLock implements BackupLock {

    private final MongoCollection<Document> collection;
    private final Clock clock;

    /**
     * @param collection where the lease documents live (the host's choice; it may hold nothing else)
     */
    public MongoBackupLock(MongoCollection<Document> collection) {
        this(collection, Clock.systemUTC());
    }

    /**
     * @param database the database of the lease collection
     * @param collectionName the lease collection's name
     */
    public MongoBackupLock(MongoDatabase database, String collectionName) {
        this(Objects.requireNonNull(database, "database").getCollection(collectionName), Clock.systemUTC());
    }

    /**
     * @param collection where the lease documents live
     * @param clock the time source for expiry (tests inject a fixed or moving clock)
     */
    public MongoBackupLock(MongoCollection<Document> collection, Clock clock) {
        if (collection == null || clock == null) {
            throw new ConfigurationException("MongoBackupLock needs a collection and a clock.");
        }
        this.collection = collection;
        this.clock = clock;
    }

    @Override
    public Optional<Lease> tryAcquire(String tenantId, String owner, Duration ttl) {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(owner, "owner");
        requirePositive(ttl);
        Instant now = clock.instant();
        Instant expiresAt = now.plus(ttl);
        Bson free = Filters.and(Filters.eq("_id", tenantId),
                Filters.or(Filters.lte("expiresAt", Date.from(now)), Filters.exists("expiresAt", false)));
        try {
            Document doc = collection.findOneAndUpdate(free,
                    Updates.combine(Updates.set("owner", owner), Updates.set("expiresAt", Date.from(expiresAt)),
                            Updates.inc("token", 1L)),
                    new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
            if (doc == null) {
                return Optional.empty();
            }
            long token = ((Number) doc.get("token")).longValue();
            return Optional.of(new MongoLease(tenantId, owner, token, doc.getDate("expiresAt").toInstant()));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return Optional.empty();
            }
            throw failure("acquire", tenantId, e);
        } catch (MongoCommandException e) {
            if (ErrorCategory.fromErrorCode(e.getErrorCode()) == ErrorCategory.DUPLICATE_KEY) {
                return Optional.empty();
            }
            throw failure("acquire", tenantId, e);
        } catch (MongoException e) {
            throw failure("acquire", tenantId, e);
        }
    }

    @Override
    public String toString() {
        return "MongoBackupLock[" + collection.getNamespace() + "]";
    }

    private static void requirePositive(Duration ttl) {
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("A lease's time to live must be positive, was " + ttl);
        }
    }

    private SourceException failure(String what, String tenantId, MongoException e) {
        return new SourceException("Could not " + what + " the backup lock of tenant '" + tenantId + "' in "
                + collection.getNamespace() + ": " + e.getMessage() + ". Check that MongoDB is reachable, then retry.", e);
    }

    private final class MongoLease implements Lease {
        private final String tenantId;
        private final String owner;
        private final long token;
        private volatile Instant expiresAt;
        private volatile boolean released;

        MongoLease(String tenantId, String owner, long token, Instant expiresAt) {
            this.tenantId = tenantId;
            this.owner = owner;
            this.token = token;
            this.expiresAt = expiresAt;
        }

        @Override
        public String tenantId() {
            return tenantId;
        }

        @Override
        public long fencingToken() {
            return token;
        }

        @Override
        public Instant expiresAt() {
            return expiresAt;
        }

        private Bson mine() {
            return Filters.and(Filters.eq("_id", tenantId), Filters.eq("owner", owner), Filters.eq("token", token));
        }

        @Override
        public synchronized boolean renew(Duration ttl) {
            requirePositive(ttl);
            if (released) {
                return false;
            }
            Instant next = clock.instant().plus(ttl);
            try {
                UpdateResult r = collection.updateOne(mine(), Updates.set("expiresAt", Date.from(next)));
                if (r.getMatchedCount() == 1) {
                    expiresAt = next;
                    return true;
                }
                return false;
            } catch (MongoException e) {
                throw failure("renew", tenantId, e);
            }
        }

        @Override
        public boolean stillHeld() {
            if (released) {
                return false;
            }
            try {
                // Our owner and fencing token, unexpired: a lease overtaken by a later acquisition has a stale token.
                return collection.countDocuments(Filters.and(mine(), Filters.gt("expiresAt", Date.from(clock.instant())))) == 1;
            } catch (MongoException e) {
                throw failure("confirm", tenantId, e);
            }
        }

        @Override
        public synchronized void release() {
            if (released) {
                return;
            }
            try {
                // Kept, not deleted, so the next acquisition's $inc continues the token sequence.
                collection.updateOne(mine(), Updates.combine(Updates.set("expiresAt", new Date(0)), Updates.unset("owner")));
                released = true;
            } catch (MongoException e) {
                throw failure("release", tenantId, e);
            }
        }

        @Override
        public String toString() {
            return "Lease[tenant=" + tenantId + ", token=" + token + ", expiresAt=" + expiresAt + "]";
        }
    }
}
