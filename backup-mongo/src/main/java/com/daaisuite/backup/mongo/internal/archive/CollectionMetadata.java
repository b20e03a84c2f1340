package com.daaisuite.backup.mongo.internal.archive;

import java.util.Objects;

/**
 * One prelude entry: a namespace and its metadata as canonical Extended JSON v2 (the text of a
 * {@code <coll>.metadata.json}; "" when there is none). {@code type} is "collection", "view",
 * "timeseries" or "".
 *
 * <p>A timeseries entry {@code X} has its data under {@code system.buckets.X} in the body for
 * servers before 8.3; both codecs accept either body namespace for it.
 */
public record CollectionMetadata(String db, String collection, String metadataJson, String type) {
    public CollectionMetadata {
        Objects.requireNonNull(db, "db");
        Objects.requireNonNull(collection, "collection");
        Objects.requireNonNull(metadataJson, "metadataJson");
        Objects.requireNonNull(type, "type");
    }

    public String namespace() {
        return db + "." + collection;
    }
}
