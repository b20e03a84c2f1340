package com.daaisuite.backup.mongo.internal;

import com.daaisuite.backup.core.PayloadCorruptException;
import java.util.Set;
import java.util.TreeSet;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;

/**
 * The options a snapshot may hand the server's {@code create} command, checked against an allow-list
 * before anything is written. An archive's metadata is data, not a command: merged unchecked into
 * {@code create} it could rename what is created (a {@code create} key of its own), carry command
 * envelope fields ({@code writeConcern}, {@code $db}, {@code lsid}) or options the server then refuses
 * in the middle of a swap.
 *
 * <ul>
 *   <li>A <b>collection</b> passes {@link #COLLECTION} (the options of MongoDB's {@code create} for a
 *       collection); {@link #DESCRIPTIVE} keys, which {@code listCollections} reports but a server never
 *       takes back ({@code uuid}) or no longer accepts ({@code autoIndexId}, {@code flags},
 *       {@code recordPreImages}), are dropped; anything else refuses the payload.</li>
 *   <li>A <b>view</b> passes exactly {@code viewOn} (a non-empty string), {@code pipeline} (an array
 *       of documents) and {@code collation} (a document); anything else, {@code create} included,
 *       refuses the payload.</li>
 * </ul>
 *
 * A refusal is a {@link PayloadCorruptException} raised while the prelude is read: before the proof
 * passes, so before a safety backup, a journal or any collection exists.
 */
final class CreateOptions {
    /** What {@code create} accepts for a collection (MongoDB 4.2 to 8.0), time series excepted (refused earlier). */
    static final Set<String> COLLECTION = Set.of("capped", "size", "max", "validator", "validationLevel", "validationAction",
            "collation", "storageEngine", "indexOptionDefaults", "clusteredIndex", "expireAfterSeconds",
            "changeStreamPreAndPostImages", "encryptedFields");
    /** Reported by {@code listCollections} (or by servers before 4.2) but never passed back to {@code create}. */
    static final Set<String> DESCRIPTIVE = Set.of("uuid", "autoIndexId", "flags", "recordPreImages");
    /** What {@code create} accepts for a view. */
    static final Set<String> VIEW = Set.of("viewOn", "pipeline", "collation");

    private CreateOptions() {}

    /**
     * @param namespace for messages
     * @param options the metadata's {@code options}
     * @return the options to create the collection with
     * @throws PayloadCorruptException naming the first key that is not a collection option
     */
    static BsonDocument collection(String namespace, BsonDocument options) {
        BsonDocument out = new BsonDocument();
        for (String key : options.keySet()) {
            if (COLLECTION.contains(key)) {
                out.put(key, options.get(key));
            } else if (!DESCRIPTIVE.contains(key)) {
                throw refused(namespace, "collection", key, COLLECTION);
            }
        }
        return out;
    }

    /**
     * @param namespace for messages
     * @param options the metadata's {@code options}
     * @return the options to create the view with: {@code viewOn}, {@code pipeline} and, if given, {@code collation}
     * @throws PayloadCorruptException for a key that is not a view option, or a value of the wrong type
     */
    static BsonDocument view(String namespace, BsonDocument options) {
        for (String key : options.keySet()) {
            if (!VIEW.contains(key)) {
                throw refused(namespace, "view", key, VIEW);
            }
        }
        BsonValue viewOn = options.get("viewOn");
        if (!(viewOn instanceof BsonString s) || s.getValue().isEmpty()) {
            throw new PayloadCorruptException("The metadata of view '" + namespace + "' has no options.viewOn naming the "
                    + "collection it reads; nothing was changed.");
        }
        BsonValue pipeline = options.get("pipeline", new BsonArray());
        if (!(pipeline instanceof BsonArray stages) || !stages.stream().allMatch(BsonValue::isDocument)) {
            throw new PayloadCorruptException("The metadata of view '" + namespace + "' has an options.pipeline that is not "
                    + "an array of stages (documents); nothing was changed.");
        }
        BsonDocument out = new BsonDocument("viewOn", viewOn).append("pipeline", pipeline);
        if (options.containsKey("collation")) {
            if (!options.isDocument("collation")) {
                throw new PayloadCorruptException("The metadata of view '" + namespace + "' has an options.collation that is "
                        + "not a document; nothing was changed.");
            }
            out.put("collation", options.get("collation"));
        }
        return out;
    }

    /** The {@code create} command of a view: only the allowed options, whatever {@code options} holds. */
    static BsonDocument createView(String name, BsonDocument options) {
        BsonDocument create = new BsonDocument("create", new BsonString(name));
        create.putAll(view(name, options));
        return create;
    }

    private static PayloadCorruptException refused(String namespace, String kind, String key, Set<String> allowed) {
        return new PayloadCorruptException("The metadata of " + kind + " '" + namespace + "' gives it the option '"
                + printable(key) + "', which is not an option of a " + kind + " that the server's create command takes (allowed: "
                + new TreeSet<>(allowed) + "). mongodump never writes it, so the archive was made by hand or altered; "
                + "nothing was changed. Restore another snapshot, or remove the option from the archive's metadata.");
    }

    private static String printable(String key) {
        StringBuilder b = new StringBuilder();
        key.codePoints().limit(64).forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return b.toString();
    }
}
