package com.daaisuite.backup.reliability;

import com.daaisuite.backup.mongo.MongoDatabaseSource;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bson.Document;

/** The content of a live database, document for document, for "unchanged" assertions. */
final class MongoState {
    private MongoState() {}

    /** Collection name to its documents as canonical JSON, sorted by _id; staging collections left out. */
    static Map<String, List<String>> live(MongoDatabase db) {
        Map<String, List<String>> state = new TreeMap<>();
        for (String name : db.listCollectionNames()) {
            if (name.startsWith(MongoDatabaseSource.DEFAULT_STAGING_PREFIX)) {
                continue;
            }
            List<String> docs = new ArrayList<>();
            for (Document d : db.getCollection(name).find().sort(Sorts.ascending("_id"))) {
                docs.add(d.toJson());
            }
            state.put(name, docs);
        }
        return state;
    }

    /** A short description of how two states differ; empty when they are equal. */
    static String diff(Map<String, List<String>> expected, Map<String, List<String>> actual) {
        if (expected.equals(actual)) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        java.util.Set<String> names = new java.util.TreeSet<>(expected.keySet());
        names.addAll(actual.keySet());
        for (String n : names) {
            List<String> e = expected.getOrDefault(n, List.of());
            List<String> a = actual.getOrDefault(n, List.of());
            if (!e.equals(a)) {
                b.append(n).append(": expected ").append(e.size()).append(" documents, found ").append(a.size());
                for (int i = 0; i < Math.min(e.size(), a.size()); i++) {
                    if (!e.get(i).equals(a.get(i))) {
                        b.append(", first difference at ").append(i).append(": ").append(a.get(i));
                        break;
                    }
                }
                b.append("; ");
            }
        }
        return b.toString();
    }

    static List<String> staging(MongoDatabase db) {
        List<String> out = new ArrayList<>();
        for (String name : db.listCollectionNames()) {
            if (name.startsWith(MongoDatabaseSource.DEFAULT_STAGING_PREFIX)) {
                out.add(name);
            }
        }
        return out;
    }
}
