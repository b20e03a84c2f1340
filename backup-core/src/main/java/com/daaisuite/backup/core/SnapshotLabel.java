package com.daaisuite.backup.core;

import java.util.Locale;

/**
 * Why a snapshot was taken; the first part of its file name and the "Frequency" column on screen.
 */
public enum SnapshotLabel {
    /** Scheduled, every 30 days. */
    MONTHLY("monthly"),
    /** Scheduled, every 15 days. */
    FIFTEEN_DAY("15-day"),
    /** Scheduled, every 7 days. */
    SEVEN_DAY("7-day"),
    /** Scheduled, every 3 days. */
    THREE_DAY("3-day"),
    /** Scheduled, every 24 hours. */
    TWENTY_FOUR_HOUR("24-hour"),
    /** Scheduled, once per calendar day (sandboxes). */
    DAILY("daily"),
    /** Backup Now. */
    MANUAL("manual"),
    /** The automatic safety snapshot taken before every restore. */
    PRE_RESTORE("pre-restore");

    private final String label;

    SnapshotLabel(String label) {
        this.label = label;
    }

    /** @return the label as written in file names, such as {@code pre-restore} */
    public String label() {
        return label;
    }

    /** @return true for the labels of scheduled snapshots */
    public boolean scheduled() {
        return this != MANUAL && this != PRE_RESTORE;
    }

    /**
     * Parses a label as written in file names (case-insensitive).
     *
     * @param label the label
     * @return the snapshot label
     * @throws IllegalArgumentException naming the valid labels if it is none of them
     */
    public static SnapshotLabel fromLabel(String label) {
        String l = label == null ? "" : label.trim().toLowerCase(Locale.ROOT);
        for (SnapshotLabel s : values()) {
            if (s.label.equals(l)) {
                return s;
            }
        }
        throw new IllegalArgumentException("Unknown snapshot label '" + label
                + "'; use one of monthly, 15-day, 7-day, 3-day, 24-hour, daily, manual, pre-restore");
    }

    @Override
    public String toString() {
        return label;
    }
}
