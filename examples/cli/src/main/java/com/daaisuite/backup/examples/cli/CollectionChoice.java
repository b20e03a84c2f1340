package com.daaisuite.backup.examples.cli;

import com.daaisuite.backup.core.CollectionComparison;
import com.daaisuite.backup.core.CollectionRestorePreview;
import com.daaisuite.backup.core.RestoreResult;
import com.daaisuite.backup.core.RestoreScope;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The restore command's {@code --collections a,b [--dry-run]}: turned into the library's
 * {@link RestoreScope.Collections}, and the library's preview and result printed. The library decides
 * everything else (which collections the snapshot holds, the typed name, the gate).
 */
final class CollectionChoice {
    private CollectionChoice() {}

    /** @return the scope, or null when {@code --collections} was not given */
    static RestoreScope.Collections scope(List<String> collections, String collection, String ids, String filter,
            boolean missingOnly, String toDb, String fromDb) {
        if (collections == null) {
            return null;
        }
        if (collection != null || ids != null || filter != null || missingOnly) {
            throw new CliUsageException("--collections restores whole collections; --collection, --ids, --filter and "
                    + "--missing-only restore chosen documents of one collection. Use one or the other.");
        }
        if (toDb != null || fromDb != null) {
            throw new CliUsageException("--to-db and --from-db apply to the whole restore, not to --collections.");
        }
        if (collections.isEmpty() || collections.stream().anyMatch(String::isBlank)) {
            throw new CliUsageException("--collections: name the collections, separated by commas, such as --collections "
                    + "invoices,leads.");
        }
        return RestoreScope.collections(collections);
    }

    static void printPreview(PrintWriter out, CollectionRestorePreview p) {
        out.println("  Collections would become exactly the snapshot's (documents, indexes, options):");
        for (CollectionComparison c : p.collections()) {
            out.println(String.format("    %-28s bring back %,d, replace %,d, lose %,d, keep %,d%s", c.name(), c.onlyInA(),
                    c.changed(), c.onlyInB(), c.same(), indexes(c)));
        }
        out.println(String.format("  In all     bring back %,d, replace %,d, lose %,d documents; every other collection is"
                + " left as it is%s", p.toInsert(), p.toReplace(), p.toLose(),
                p.maintenanceGate() ? "; the workspace is briefly unavailable" : ""));
        out.flush();
    }

    private static String indexes(CollectionComparison c) {
        String s = "";
        if (!c.indexesOnlyInA().isEmpty()) {
            s += "; indexes back: " + String.join(", ", c.indexesOnlyInA());
        }
        if (!c.indexesOnlyInB().isEmpty()) {
            s += "; indexes dropped: " + String.join(", ", c.indexesOnlyInB());
        }
        return s;
    }

    static void printResult(PrintWriter out, RestoreResult r, String database, String storage, String retention) {
        out.println(String.format("Restored collections %s of database %s from %s in %s: %,d documents.",
                String.join(", ", new TreeMap<>(r.documentsPerCollection()).keySet()), database, r.restoredFrom().fileName(),
                Formats.duration(r.duration()), r.documents()));
        for (Map.Entry<String, Long> e : new TreeMap<>(r.documentsPerCollection()).entrySet()) {
            out.println(String.format("    %-32s %,12d", e.getKey(), e.getValue()));
        }
        out.println("Every other collection was left as it was.");
        out.println("Safety backup taken first: " + r.safetySnapshot().fileName() + " in " + storage + " (" + retention
                + "; it holds these collections as they were: to undo, restore it with --collections "
                + String.join(",", new TreeMap<>(r.documentsPerCollection()).keySet()) + ").");
    }
}
