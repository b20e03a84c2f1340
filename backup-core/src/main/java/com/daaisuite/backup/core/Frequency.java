package com.daaisuite.backup.core;

import java.time.Duration;
import java.util.Locale;

/**
 * How often a workspace is backed up on schedule. One per workspace.
 *
 * <p>{@link #DAILY} is a calendar day in the tenant's zone and is allowed for sandbox workspaces
 * only; the others are fixed intervals after the last scheduled snapshot.
 */
public enum Frequency {
    /** Every 30 days. */
    MONTHLY("monthly", Duration.ofDays(30), false),
    /** Every 15 days. */
    FIFTEEN_DAY("15-day", Duration.ofDays(15), false),
    /** Every 7 days. */
    SEVEN_DAY("7-day", Duration.ofDays(7), false),
    /** Every 3 days. */
    THREE_DAY("3-day", Duration.ofDays(3), false),
    /** Every 24 hours. */
    TWENTY_FOUR_HOUR("24-hour", Duration.ofHours(24), false),
    /** Once per calendar day in the tenant's zone; sandbox workspaces only. */
    DAILY("daily", Duration.ofDays(1), true);

    private final String label;
    private final Duration interval;
    private final boolean sandboxOnly;

    Frequency(String label, Duration interval, boolean sandboxOnly) {
        this.label = label;
        this.interval = interval;
        this.sandboxOnly = sandboxOnly;
    }

    /** @return the label shown on screen and used in file names, such as {@code 15-day} */
    public String label() {
        return label;
    }

    /** @return the nominal interval between scheduled snapshots */
    public Duration interval() {
        return interval;
    }

    /** @return true if only sandbox workspaces may use this frequency */
    public boolean sandboxOnly() {
        return sandboxOnly;
    }

    /** @return the snapshot label scheduled snapshots of this frequency carry */
    public SnapshotLabel snapshotLabel() {
        return SnapshotLabel.fromLabel(label);
    }

    /**
     * Parses a label such as {@code monthly} or {@code 24-hour} (case-insensitive).
     *
     * @param label the label
     * @return the frequency
     * @throws IllegalArgumentException naming the valid labels if it is none of them
     */
    public static Frequency fromLabel(String label) {
        String l = label == null ? "" : label.trim().toLowerCase(Locale.ROOT);
        for (Frequency f : values()) {
            if (f.label.equals(l)) {
                return f;
            }
        }
        throw new IllegalArgumentException("Unknown frequency '" + label
                + "'; use one of monthly, 15-day, 7-day, 3-day, 24-hour, daily (sandbox only)");
    }
}
