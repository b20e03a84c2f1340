package com.daaisuite.backup.mongo.internal;

import com.daaisuite.backup.core.PayloadCorruptException;
import com.daaisuite.backup.core.SourceException;
import com.daaisuite.backup.mongo.ForeignDatabaseException;
import com.daaisuite.backup.mongo.internal.archive.CollectionMetadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import com.daaisuite.backup.core.InvalidSelectionException;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.json.JsonParseException;

/** What a restore will do, worked out from the payload's prelude before anything is written. */
final class RestorePlan {

    /** One namespace of the payload. */
    static final class Item {
        final String name;
        final String type;
        final BsonDocument options;
        final List<BsonDocument> indexes;
        final boolean load;
        long documentsRead;
        long bytesRead;
        boolean ended;

        Item(String name, String type, BsonDocument options, List<BsonDocument> indexes, boolean load) {
            this.name = name;
            this.type = type;
            this.options = options;
            this.indexes = indexes;
            this.load = load;
        }

        boolean isView() {
            return "view".equals(type);
        }

        /** Indexes the collection will have, {@code _id_} included. */
        int indexCount() {
            if (isView()) {
                return 0;
            }
            boolean hasId = indexes.stream().anyMatch(RestorePlan::isIdIndex);
            return indexes.size() + (hasId ? 0 : 1);
        }
    }

    final Map<String, Item> items = new LinkedHashMap<>();
    final List<String> skipped = new ArrayList<>();
    /** The collections a collections restore replaces; null for the whole database. */
    Set<String> chosen;

    /** @return whether the swap may touch the live collection {@code name} (set it aside, replace or drop it) */
    boolean touches(String name) {
        return chosen == null || chosen.contains(name);
    }

    static RestorePlan of(List<CollectionMetadata> prelude, String sourceDb, String targetDb, SourceSettings settings) {
        return of(prelude, sourceDb, targetDb, settings, null);
    }

    /**
     * @param chosen the collections a collections restore replaces (null: the whole database); every other
     *     namespace is read and checked but not loaded, and must not be touched by the swap
     * @throws InvalidSelectionException if a chosen collection is not in the payload
     */
    static RestorePlan of(List<CollectionMetadata> prelude, String sourceDb, String targetDb, SourceSettings settings,
            Set<String> chosen) {
        RestorePlan plan = new RestorePlan();
        plan.chosen = chosen == null ? null : Set.copyOf(chosen);
        for (CollectionMetadata m : prelude) {
            if (m.db().isEmpty()) {
                throw new PayloadCorruptException("The payload holds the top-level stream '" + m.collection()
                        + "' (mongodump --oplog), which this library does not replay. Dump the database without --oplog.");
            }
            if (!m.db().equals(sourceDb)) {
                throw new ForeignDatabaseException("The payload holds namespace '" + m.namespace() + "' of database '"
                        + m.db() + "', not of '" + sourceDb + "'; nothing was changed. To restore it into '" + targetDb
                        + "' on purpose, name '" + m.db() + "' as the source database of the restore target.");
            }
            String name = m.collection();
            if (plan.items.containsKey(name)) {
                throw new PayloadCorruptException("The payload's prelude lists namespace '" + m.namespace() + "' twice.");
            }
            Item item = item(m, true);
            if (!item.load) {
                plan.skipped.add(name);
            } else if (chosen != null && !chosen.contains(name)) {
                item = new Item(item.name, item.type, item.options, item.indexes, false);
            }
            plan.items.put(name, item);
        }
        if (chosen != null) {
            List<String> missing = chosen.stream().filter(c -> !plan.items.containsKey(c) || !plan.items.get(c).load)
                    .sorted().toList();
            if (!missing.isEmpty()) {
                throw new InvalidSelectionException("The payload holds no collection " + missing + " of database '" + sourceDb
                        + "' that can be restored, so nothing was changed. Choose collections the snapshot holds.");
            }
        }
        return plan;
    }

    /**
     * Checks every prelude entry's metadata, options and indexes as a restore would, without a target: what the
     * whole-archive proof and {@code verify} run, so that a payload whose metadata a restore would refuse is
     * refused there first. (Time series, which only this library cannot restore, stay verifiable.)
     */
    static void check(List<CollectionMetadata> prelude) {
        for (CollectionMetadata m : prelude) {
            if (!m.db().isEmpty()) {
                item(m, false);
            }
        }
    }

    private static Item item(CollectionMetadata m, boolean refuseTimeseries) {
        String name = m.collection();
        String type = m.type() == null || m.type().isEmpty() ? "collection" : m.type();
        BsonDocument metadata = parse(m);
        BsonDocument options = metadata.isDocument("options") ? metadata.getDocument("options") : new BsonDocument();
        boolean timeseries = "timeseries".equals(type) || options.containsKey("timeseries");
        if (timeseries && refuseTimeseries) {
            throw new SourceException("The payload holds the time-series collection '" + m.namespace()
                    + "', which this library cannot restore; restore it with mongorestore instead. Nothing was changed.");
        }
        List<BsonDocument> indexes = new ArrayList<>();
        BsonValue list = metadata.get("indexes");
        if (list instanceof BsonArray array) {
            for (BsonValue v : array) {
                if (!v.isDocument()) {
                    throw new PayloadCorruptException("The metadata of namespace '" + m.namespace()
                            + "' lists an index that is not a document.");
                }
                indexes.add(v.asDocument());
            }
        }
        // The server's own collections (system.js, $admin.system.users from --dumpDbUsersAndRoles) are
        // read and checked but not loaded: users and roles are the host's business, not a tenant's data.
        boolean load = !name.startsWith("system.") && !name.startsWith("$");
        // Views keep only their allowed options; a collection's are checked here and filtered when it is created.
        if ("view".equals(type)) {
            options = CreateOptions.view(m.namespace(), options);
        } else if (!timeseries) {
            CreateOptions.collection(m.namespace(), options);
        }
        return new Item(name, type, options, indexes, load);
    }

    private static BsonDocument parse(CollectionMetadata m) {
        String json = m.metadataJson();
        if (json == null || json.isBlank()) {
            return new BsonDocument();
        }
        try {
            return BsonDocument.parse(json);
        } catch (JsonParseException | org.bson.BSONException | IllegalArgumentException e) {
            throw new PayloadCorruptException("The metadata of namespace '" + m.namespace()
                    + "' is not valid Extended JSON: " + e.getMessage(), e);
        }
    }

    static boolean isIdIndex(BsonDocument spec) {
        BsonValue key = spec.get("key");
        return key instanceof BsonDocument k && k.size() == 1 && k.containsKey("_id");
    }

    /**
     * Index specs for {@code createIndexes} as mongorestore builds them: without {@code v} and {@code ns},
     * the {@code _id} index left to the server, unnamed specs skipped, and the simple collation made
     * explicit where the collection has a default collation.
     */
    List<BsonDocument> indexSpecs(Item item) {
        boolean collated = item.options.isDocument("collation");
        List<BsonDocument> specs = new ArrayList<>();
        for (BsonDocument index : item.indexes) {
            if (isIdIndex(index) || !index.isString("name")) {
                continue;
            }
            BsonDocument spec = index.clone();
            spec.remove("v");
            spec.remove("ns");
            if (collated && !spec.containsKey("collation")) {
                spec.put("collation", new BsonDocument("locale", new BsonString("simple")));
            }
            specs.add(spec);
        }
        return specs;
    }

    /** Options for creating the staging collection: only those {@link CreateOptions#COLLECTION} allows. */
    static BsonDocument createOptions(Item item) {
        return CreateOptions.collection(item.name, item.options);
    }
}
