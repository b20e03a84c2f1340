package com.daaisuite.backup.mongo.internal;

import com.daaisuite.backup.core.SourceException;
import com.mongodb.client.MongoDatabase;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonString;

/**
 * Everything a restore creates before the swap, under its reserved names: the staging collections with
 * their options, their indexes, and a trial of every view the swap will create. Whatever the server
 * refuses here (an option, an index, a view pipeline) is refused while the live collections are untouched.
 */
final class StagingCollections {
    private final MongoDatabase db;
    private final RestorePlan plan;
    private final AtomicReference<String> current;
    private final SwapObserver observer;
    /** Snapshot collection to its staging name, in payload order. */
    final Map<String, String> stagingOf = new LinkedHashMap<>();
    /** Snapshot view to the reserved name it is tried under. */
    final Map<String, String> probeOf = new LinkedHashMap<>();

    StagingCollections(MongoDatabase db, RestorePlan plan, RestoreNames names, AtomicReference<String> current,
            SwapObserver observer) {
        this.db = db;
        this.observer = observer;
        this.plan = plan;
        this.current = current;
        int n = 0;
        int v = 0;
        for (RestorePlan.Item item : plan.items.values()) {
            if (item.load && item.isView()) {
                probeOf.put(item.name, names.probe(++v));
            } else if (item.load) {
                stagingOf.put(item.name, names.staging(++n));
            }
        }
    }

    List<RestorePlan.Item> collections() {
        List<RestorePlan.Item> list = new ArrayList<>();
        for (RestorePlan.Item item : plan.items.values()) {
            if (item.load && !item.isView()) {
                list.add(item);
            }
        }
        return list;
    }

    /** Creates each staging collection with the snapshot's (allowed) options. */
    void create() {
        for (RestorePlan.Item item : collections()) {
            current.set(item.name);
            BsonDocument create = new BsonDocument("create", new BsonString(stagingOf.get(item.name)));
            create.putAll(RestorePlan.createOptions(item));
            db.runCommand(create);
        }
        current.set(null);
    }

    /**
     * Creates every snapshot view under its reserved name, reading the staged collections and the other trial
     * views where the real one reads the snapshot's, then drops the trials: a pipeline, collation or cycle the
     * server refuses fails here, not after the live collections were set aside.
     */
    void tryViews() {
        int n = 0;
        for (Map.Entry<String, String> e : probeOf.entrySet()) {
            RestorePlan.Item item = plan.items.get(e.getKey());
            current.set(item.name);
            observer.before("view-tried:" + ++n);
            BsonDocument options = item.options.clone();
            String on = options.getString("viewOn").getValue();
            String mapped = probeOf.containsKey(on) ? probeOf.get(on) : stagingOf.getOrDefault(on, on);
            options.put("viewOn", new BsonString(mapped));
            db.runCommand(CreateOptions.createView(e.getValue(), options));
        }
        current.set(null);
        for (String probe : probeOf.values()) {
            db.getCollection(probe).drop();
        }
    }

    void buildIndexes() {
        for (RestorePlan.Item item : collections()) {
            current.set(item.name);
            List<BsonDocument> specs = plan.indexSpecs(item);
            if (!specs.isEmpty()) {
                db.runCommand(new BsonDocument("createIndexes", new BsonString(stagingOf.get(item.name)))
                        .append("indexes", new BsonArray(specs)));
            }
        }
        current.set(null);
    }

    /** Checks that each staging collection holds what the payload had and the server acknowledged. */
    void verify(StagingLoader loader) {
        for (RestorePlan.Item item : collections()) {
            long expected = item.documentsRead;
            long acknowledged = loader.inserted(item.name);
            String staging = stagingOf.get(item.name);
            long stored = db.getCollection(staging).countDocuments();
            if (acknowledged != expected || stored != expected) {
                throw new SourceException("The staging collection of '" + item.name + "' (" + staging + ") holds " + stored
                        + " documents (" + acknowledged + " acknowledged), but the payload has " + expected
                        + " for '" + item.name + "'.");
            }
        }
    }

    /** Drops this restore's staging collections and trial views (only its own reserved names). */
    void drop() {
        Set<String> existing = new HashSet<>(db.listCollectionNames().into(new ArrayList<>()));
        List<String> ours = new ArrayList<>(stagingOf.values());
        ours.addAll(probeOf.values());
        for (String name : ours) {
            if (existing.contains(name)) {
                db.getCollection(name).drop();
            }
        }
    }
}
