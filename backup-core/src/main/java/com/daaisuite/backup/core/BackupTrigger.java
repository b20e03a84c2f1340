package com.daaisuite.backup.core;

/** Why a backup runs; decides the snapshot's label. */
public enum BackupTrigger {
    /** The tenant's schedule: label = the tenant's frequency. */
    SCHEDULED,
    /** Backup Now: label {@code manual}. */
    MANUAL,
    /** The safety snapshot before a restore: label {@code pre-restore}. */
    PRE_RESTORE
}
