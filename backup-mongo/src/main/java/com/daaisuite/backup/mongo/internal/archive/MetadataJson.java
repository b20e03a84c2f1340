package com.daaisuite.backup.mongo.internal.archive;

import org.bson.BsonDocument;
import org.bson.BsonValue;

/** Checks and reads the collection-metadata JSON carried in the prelude or a .metadata.json file. */
final class MetadataJson {
    /** Deeper nesting than any real metadata; stops the recursive JSON parser before the stack does. */
    static final int MAX_DEPTH = 200;

    private MetadataJson() {
    }

    /** Parses non-empty metadata; "" is valid (no metadata) and yields an empty document. */
    static BsonDocument parse(String json) throws BsonLite.Malformed {
        if (json.isEmpty()) {
            return new BsonDocument();
        }
        checkDepth(json);
        try {
            return BsonDocument.parse(json);
        } catch (RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new BsonLite.Malformed("metadata is not valid Extended JSON (" + truncate(why) + ")");
        }
    }

    /** The collection type the metadata states, else what its options imply. */
    static String typeOf(BsonDocument metadata) {
        BsonValue t = metadata.get("type");
        if (t != null && t.isString()) {
            return t.asString().getValue();
        }
        BsonValue o = metadata.get("options");
        if (o != null && o.isDocument()) {
            if (o.asDocument().containsKey("viewOn")) {
                return "view";
            }
            if (o.asDocument().containsKey("timeseries")) {
                return "timeseries";
            }
        }
        return "collection";
    }

    /**
     * Bounds the nesting and requires exactly one top-level object: the driver's parser stops after
     * the first value and would accept trailing garbage.
     */
    private static void checkDepth(String json) throws BsonLite.Malformed {
        int depth = 0;
        char quote = 0;
        int i = 0;
        while (i < json.length() && Character.isWhitespace(json.charAt(i))) {
            i++;
        }
        if (i == json.length() || json.charAt(i) != '{') {
            throw new BsonLite.Malformed("metadata is not a JSON object");
        }
        for (; i < json.length(); i++) {
            char c = json.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '{' || c == '[') {
                if (++depth > MAX_DEPTH) {
                    throw new BsonLite.Malformed("metadata JSON nests deeper than " + MAX_DEPTH + " levels");
                }
            } else if (c == '}' || c == ']') {
                if (--depth == 0) {
                    for (int k = i + 1; k < json.length(); k++) {
                        if (!Character.isWhitespace(json.charAt(k))) {
                            throw new BsonLite.Malformed("metadata has text after its JSON object at character " + k);
                        }
                    }
                    return;
                }
            }
        }
        throw new BsonLite.Malformed("metadata JSON object is not closed");
    }

    static String truncate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
