package com.daaisuite.backup.mongo.internal;

/**
 * The validated settings of a MongoDB source, shared by the dump and the restore.
 *
 * @param maxParallelCollections insert batches loading at once during a restore
 * @param insertBatchBytes a restore batch is sent when its documents reach this many bytes
 * @param insertBatchCount or this many documents
 * @param readBatchBytes the dump sizes cursor batches to about this many bytes
 * @param stagingPrefix name prefix of the staging collections a restore loads into
 * @param toolVersion the {@code tool_version} written into archive headers
 */
public record SourceSettings(int maxParallelCollections, int insertBatchBytes, int insertBatchCount,
        int readBatchBytes, String stagingPrefix, String toolVersion) {

    /**
     * Whether a collection is the server's own ({@code system.*}). A restore's reserved collections are
     * not recognised by name: the restore journal lists them.
     */
    public boolean isReserved(String collection) {
        return collection.startsWith("system.");
    }
}
