package com.daaisuite.backup.mongo;

import com.daaisuite.backup.core.spi.DumpSummary;
import com.daaisuite.backup.mongo.internal.PayloadInspector;
import com.daaisuite.backup.mongo.internal.PayloadReader;
import com.daaisuite.backup.mongo.internal.archive.ArchiveLimits;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * The MongoDB payload rules without a database: which payloads {@link MongoDatabaseSource} recognizes
 * and how it parses them before a restore. For tools that read storage only (the CLI's
 * {@code verify}, {@code list}), so that checking a snapshot without a server parses it exactly as a
 * restore would: a legacy {@code .gz} holding garbage, or a mongodump archive with a wrong CRC, fails
 * here as it fails there.
 */
public final class MongoPayloads {
    private MongoPayloads() {}

    /**
     * @param prefix the first bytes of a payload
     * @param length how many of them are valid
     * @return whether the payload is a mongodump archive or a tar of a {@code mongodump --out} folder
     */
    public static boolean recognizes(byte[] prefix, int length) {
        if (prefix == null) {
            return false;
        }
        int n = Math.min(length, prefix.length);
        return PayloadReader.isArchive(prefix, n) || PayloadReader.isTar(prefix, n);
    }

    /**
     * Parses a payload exactly as {@link MongoDatabaseSource#inspectPayload} does (lengths, CRCs,
     * namespaces, trailer), touching no database.
     *
     * @param payload the decompressed payload; read to its end, not closed
     * @return what it holds
     * @throws IOException if reading fails
     * @throws com.daaisuite.backup.core.PayloadCorruptException if the payload is malformed
     */
    public static DumpSummary inspect(InputStream payload) throws IOException {
        Objects.requireNonNull(payload, "payload");
        return PayloadInspector.inspect(payload, ArchiveLimits.defaults());
    }
}
