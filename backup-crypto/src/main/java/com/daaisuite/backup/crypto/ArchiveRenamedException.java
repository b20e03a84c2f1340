package com.daaisuite.backup.crypto;

/**
 * A DBK1 archive bound to its name (format version 2) is stored under another name: it was renamed,
 * or an older archive was moved onto a newer snapshot's name (a rollback). The name it was written
 * under is part of the authenticated header, so it cannot be edited to match without failing
 * authentication. The message names both names; the archive is never trusted under the other one.
 */
public class ArchiveRenamedException extends ArchiveTamperedException {
    private static final long serialVersionUID = 1L;

    /** @param message what was found and what to do */
    public ArchiveRenamedException(String message) {
        super(message);
    }
}
