package com.daaisuite.backup.core;

import java.util.List;

/**
 * After a key rotation, re-encrypts a tenant's archives still made with a retired key under the
 * current key, so the retired key can eventually be removed.
 *
 * <p>Each archive moves on its own, under the tenant's lock: the re-encrypted archive is committed
 * under a new name (same label and time, suffix {@code k<first 8 hex digits of the new key id>}),
 * read back and compared with the old plaintext, its manifest (key id, size and SHA-256 updated) and
 * legal hold are written beside it, and only then are the old archive, manifest and pin deleted. At
 * every moment at least one complete archive of the snapshot, with its manifest, exists; a crash
 * leaves both, and the next run finishes the move.
 */
public interface KeyRotation {
    /**
     * Re-encrypts every archive of the tenant made with a retired key.
     *
     * @param actor who asks; needs {@link Permission#KEYS}
     * @param tenantId the tenant
     * @param dryRun only report what would move
     * @return what moved (or would), what was already current, and what could not move
     * @throws com.daaisuite.backup.crypto.KeyMissingException if no current key is configured
     * @throws BackupInProgressException if another operation holds the tenant's lock
     */
    RekeyReport rekey(Actor actor, String tenantId, boolean dryRun);

    /**
     * What {@link #rekey} did.
     *
     * @param tenantId the tenant
     * @param dryRun whether nothing was changed
     * @param currentKeyId the current key's id
     * @param moved the archives re-encrypted (or that would be)
     * @param alreadyCurrent archives already under the current key
     * @param plaintext legacy plaintext archives, left as they are
     * @param unknownKey archives made with a key that is not configured, each with its key id
     */
    record RekeyReport(String tenantId, boolean dryRun, String currentKeyId, List<Moved> moved, int alreadyCurrent,
            int plaintext, List<Moved> unknownKey) {
        /** Copies the lists. */
        public RekeyReport {
            moved = List.copyOf(moved);
            unknownKey = List.copyOf(unknownKey);
        }
    }

    /**
     * One archive's move.
     *
     * @param from the old file name
     * @param fromKeyId the key id it was made with
     * @param to the new file name (empty when it could not move)
     */
    record Moved(String from, String fromKeyId, String to) {}
}
