package com.daaisuite.backup.core;

/**
 * How far a snapshot's origin can be proven, decided before a restore and shown in the restore
 * preview. Only DBK1 content proves who wrote it: an archive that decrypts under the tenant's key,
 * with the tenant bound inside, was written by a holder of that key. A plaintext archive could have
 * been written by anyone with write access to the storage.
 */
public enum Origin {
    /** Encrypted (DBK1): its content is authenticated under the tenant's key while it is read. */
    VERIFIED,
    /**
     * Legacy plaintext, older than the tenant's first encrypted snapshot: restorable, but its origin
     * cannot be verified (the preview shows an open padlock icon and says so; the restore is audited as
     * {@link BackupEvent.Type#UNVERIFIED_RESTORE}).
     */
    LEGACY_PLAINTEXT,
    /**
     * Plaintext that is newer than the tenant's first encrypted snapshot, which this library never
     * writes while a key is configured: most likely planted. Refused unless the request says
     * {@link RestoreRequest#acceptingUnverifiedOrigin()}.
     */
    NEEDS_OVERRIDE,
    /** Plaintext while the host refuses plaintext entirely ({@code Backups.Builder.refusePlaintext(true)}). */
    REFUSED
}
