package com.daaisuite.backup.core;

import com.daaisuite.backup.RefusedException;
import java.time.Duration;
import java.util.Objects;

/**
 * A Backup Now came sooner after the tenant's previous one than the host allows
 * ({@code Backups.Builder.backupNowMinInterval}). Nothing was started; try again after
 * {@link #retryAfter()}.
 */
public class BackupTooSoonException extends RefusedException {
    private static final long serialVersionUID = 1L;

    private final Duration sinceLast;
    private final Duration retryAfter;

    /**
     * @param message what happened, to which tenant, and how long to wait
     * @param sinceLast how long ago the previous Backup Now started
     * @param retryAfter how long to wait before the next one is accepted
     */
    public BackupTooSoonException(String message, Duration sinceLast, Duration retryAfter) {
        super(message);
        this.sinceLast = Objects.requireNonNull(sinceLast, "sinceLast");
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    }

    /** @return how long ago the previous Backup Now of the tenant started */
    public Duration sinceLast() {
        return sinceLast;
    }

    /** @return how long to wait before the next Backup Now is accepted */
    public Duration retryAfter() {
        return retryAfter;
    }
}
