package com.daaisuite.backup.core;

import java.util.List;

/**
 * A whole-database restore was asked of a snapshot that holds only some collections: the pre-restore
 * safety backup of a collections or documents restore covers only what that restore replaced, and
 * restoring it as the whole database would drop every other collection. The library reads the mark from
 * the snapshot's authenticated payload, so deleting or replacing its manifest does not lift it. Nothing
 * was read further or changed: restore those collections ({@link RestoreRequest#collections(RestoreScope.Collections)}),
 * or choose a snapshot of the whole database.
 */
public class PartialSnapshotException extends InvalidSelectionException {
    private static final long serialVersionUID = 1L;

    /** @param message what was refused and what to do instead */
    public PartialSnapshotException(String message) {
        super(message);
    }

    /**
     * @param tenantId the tenant
     * @param fileName the snapshot
     * @param collections the collections it holds
     * @return the refusal of a whole-database restore of that snapshot
     */
    public static PartialSnapshotException wholeRestoreOf(String tenantId, String fileName, List<String> collections) {
        String names = String.join(",", collections);
        return new PartialSnapshotException("The snapshot " + fileName + " of tenant " + tenantId + " holds only the collections "
                + collections + " (the safety backup of a restore of part of the database), so it cannot be restored as the "
                + "whole database: that would drop every other collection. Nothing was changed. Restore those collections "
                + "(CLI: --collections " + names + "), or choose a snapshot of the whole database.");
    }
}
