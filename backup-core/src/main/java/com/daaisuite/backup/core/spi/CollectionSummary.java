package com.daaisuite.backup.core.spi;

/**
 * One collection (or view) in a dump or a restore.
 *
 * @param name the collection name
 * @param type {@code collection}, {@code view} or {@code timeseries}
 * @param documents number of documents
 * @param bytes total BSON bytes of the documents
 * @param indexes number of indexes, including {@code _id_}
 */
public record CollectionSummary(String name, String type, long documents, long bytes, int indexes) {}
