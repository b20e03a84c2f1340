package com.daaisuite.backup.mongo.internal;

import com.daaisuite.backup.core.SourceException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The longest namespace ({@code database.collection}, in UTF-8 bytes) the server accepts, learned
 * from its version: 255 bytes from MongoDB 4.4 on, 120 before (the documented limits).
 * mongo-java-server reports 5.0 and also caps a collection name at 128 characters, within 255.
 */
public record NamespaceLimit(int maxNamespaceBytes) {

    /** The limit of MongoDB 4.4 and later. */
    public static final NamespaceLimit MODERN = new NamespaceLimit(255);
    /** The limit before MongoDB 4.4. */
    public static final NamespaceLimit LEGACY = new NamespaceLimit(120);

    /** @param versionParts the server version, such as {@code [7, 0, 12]} */
    public static NamespaceLimit of(List<Integer> versionParts) {
        if (versionParts.isEmpty()) {
            return MODERN;
        }
        int major = versionParts.get(0);
        int minor = versionParts.size() > 1 ? versionParts.get(1) : 0;
        return major > 4 || (major == 4 && minor >= 4) ? MODERN : LEGACY;
    }

    static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * Refuses, before anything is written, a restore whose collections or reserved names would not fit.
     *
     * @param database the target database
     * @param collections the snapshot's collections to create there
     * @param names the restore's reserved names
     * @param reservedCount how many reserved names the restore needs (staging plus set-aside)
     */
    public void check(String database, List<String> collections, RestoreNames names, int reservedCount) {
        int db = bytes(database) + 1;
        for (String c : collections) {
            if (db + bytes(c) > maxNamespaceBytes) {
                throw new SourceException("Collection '" + c + "' cannot be restored into database '" + database
                        + "': '" + database + "." + c + "' is " + (db + bytes(c)) + " bytes, more than the server's limit of "
                        + maxNamespaceBytes + ". Nothing was changed; restore into a database with a shorter name.");
            }
        }
        int reserved = names.longestBytes(reservedCount);
        if (db + reserved > maxNamespaceBytes) {
            throw new SourceException("Database '" + database + "' has a name too long for the restore's staging collections ("
                    + (db + reserved) + " bytes of namespace, the server allows " + maxNamespaceBytes
                    + "). Nothing was changed; restore into a database with a shorter name, or configure a shorter staging prefix.");
        }
    }
}
