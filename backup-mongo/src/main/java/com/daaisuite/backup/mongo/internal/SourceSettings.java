package com.daaisuite.backup.mongo.internal;

import com.daaisuite.backup.ConfigurationException;

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

    /** The builder's names: a staging prefix and a journal namespace the server accepts and no user collection shares. */
    public static void requireNames(String stagingPrefix, String journalDatabase, String journalCollection) {
        if (stagingPrefix == null || stagingPrefix.length() < 3 || stagingPrefix.length() > 64
                || stagingPrefix.indexOf('$') >= 0 || stagingPrefix.indexOf('.') >= 0 || stagingPrefix.indexOf('\0') >= 0
                || stagingPrefix.startsWith("system")) {
            throw new ConfigurationException("MongoDatabaseSource stagingPrefix must be 3 to 64 characters without '$', '.' "
                    + "or NUL and must not start with 'system'; was '" + stagingPrefix + "'.");
        }
        if (journalDatabase == null || journalDatabase.isBlank() || journalCollection == null || journalCollection.isBlank()
                || journalCollection.startsWith("system.") || journalCollection.indexOf('$') >= 0
                || journalDatabase.indexOf('.') >= 0 || journalDatabase.indexOf('$') >= 0) {
            throw new ConfigurationException("MongoDatabaseSource journalCollection needs a database name without '.' or '$' "
                    + "and a collection name without '$' that does not start with 'system.'; was '" + journalDatabase + "', '"
                    + journalCollection + "'.");
        }
    }
}
