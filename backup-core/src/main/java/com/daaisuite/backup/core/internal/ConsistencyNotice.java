package com.daaisuite.backup.core.internal;

import java.util.List;
import java.util.Locale;

/** The status line's one notice for snapshots that are not point-in-time consistent. */
final class ConsistencyNotice {
    private ConsistencyNotice() {}

    /**
     * @param warnings the newest manifest's warnings, each a sentence of the source's (it may end with a period
     *     and may already say that writes can be partly included)
     * @return one notice whose sentences each end once, saying each thing once
     */
    static String of(List<String> warnings) {
        List<String> clauses = warnings.stream().map(String::strip).map(w -> w.replaceAll("[.\\s]+$", ""))
                .filter(w -> !w.isEmpty()).toList();
        String why = clauses.isEmpty() ? "the database server could not read the whole database at one point in time"
                : String.join("; ", clauses);
        // It follows a colon: "The dump ..." reads "the dump ...".
        if (why.length() > 1 && Character.isUpperCase(why.charAt(0)) && Character.isLowerCase(why.charAt(1))) {
            why = Character.toLowerCase(why.charAt(0)) + why.substring(1);
        }
        String partly = why.toLowerCase(Locale.ROOT).contains("partly included") ? ""
                : " A write during a backup may be only partly included.";
        return "Backups of this workspace are not point-in-time snapshots: " + why + "." + partly
                + " Run MongoDB as a replica set (a single-node replica set is enough) for consistent snapshots.";
    }
}
