package com.daaisuite.backup.examples.cli;

import com.daaisuite.backup.core.DocumentRestorePreview;
import com.daaisuite.backup.core.DocumentRestoreResult;
import com.daaisuite.backup.core.RestoreScope;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

/**
 * The restore command's document options ({@code --collection C --ids JSON_ARRAY | --filter JSON
 * [--missing-only] [--dry-run]}): turned into the library's {@link RestoreScope.Documents}, and the
 * library's preview and result printed. The library decides everything else.
 */
final class DocumentChoice {
    private static final JsonWriterSettings CANONICAL = JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();

    private DocumentChoice() {}

    /** @return the scope, or null when no document option was given (the whole database is restored) */
    static RestoreScope.Documents scope(String collection, String ids, String filter, boolean missingOnly, boolean dryRun,
            String toDb, String fromDb) {
        if (collection == null) {
            if (ids != null || filter != null || missingOnly || dryRun) {
                throw new CliUsageException("--ids, --filter, --missing-only and --dry-run restore chosen documents: name their "
                        + "collection with --collection.");
            }
            return null;
        }
        if ((ids == null) == (filter == null)) {
            throw new CliUsageException("--collection needs exactly one of --ids JSON_ARRAY or --filter JSON.");
        }
        if (toDb != null || fromDb != null) {
            throw new CliUsageException("--to-db and --from-db apply to the whole restore, not to --collection.");
        }
        RestoreScope.Documents scope = ids != null ? RestoreScope.documents(collection, parseIds(ids))
                : RestoreScope.documentsMatching(collection, filter);
        return missingOnly ? scope.onlyMissing() : scope;
    }

    /** A JSON array of {@code _id}s, each handed to the library in canonical extended JSON. */
    static List<String> parseIds(String json) {
        BsonValue v;
        try {
            v = BsonDocument.parse("{\"ids\": " + json + "}").get("ids");
        } catch (RuntimeException e) {
            throw new CliUsageException("--ids: not a JSON array of _ids (" + e.getMessage() + "); write for example "
                    + "'[{\"$oid\": \"64b7f0c2a1b2c3d4e5f60718\"}, \"INV-001\", 42]'.", e);
        }
        if (!(v instanceof BsonArray a) || a.isEmpty()) {
            throw new CliUsageException("--ids: give a non-empty JSON array of _ids, such as '[\"INV-001\", 42]'.");
        }
        List<String> out = new ArrayList<>();
        for (BsonValue id : a) {
            String j = new BsonDocument("v", id).toJson(CANONICAL);
            out.add(j.substring(j.indexOf(':') + 1, j.length() - 1).trim());
        }
        return out;
    }

    static void printPreview(PrintWriter out, DocumentRestorePreview p) {
        out.println("  Documents  " + p.chosen() + " chosen in collection " + p.collection() + " of the snapshot"
                + (p.missingOnly() ? " (missing only: live documents are left as they are)" : ""));
        out.println(String.format("  Would      insert %,d, replace %,d, leave %,d unchanged; delete none", p.toInsert(),
                p.toReplace(), p.unchanged()));
        if (!p.notInSnapshot().isEmpty()) {
            out.println("  Not in the snapshot: " + String.join(", ", p.notInSnapshot()));
        }
        out.flush();
    }

    static void printResult(PrintWriter out, DocumentRestoreResult r, String storage) {
        out.println(String.format("Restored documents of collection %s from %s in %s: %,d inserted, %,d replaced, %,d unchanged;"
                + " nothing deleted.", r.collection(), r.restoredFrom().fileName(), Formats.duration(r.duration()), r.inserted(),
                r.replaced(), r.unchanged()));
        out.println("Safety backup taken first: " + r.safetySnapshot().fileName() + " in " + storage
                + " (it holds collection " + r.collection() + " as it was: to undo, restore it with --collections "
                + r.collection() + ").");
    }
}
