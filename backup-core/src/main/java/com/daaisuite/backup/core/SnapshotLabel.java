package com.daaisuite.backup.core;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Why a snapshot was taken: the first part of its file name and the "Frequency" column on screen.
 *
 * <p>The six scheduled labels ({@link #scheduled()}) are also the frequencies a workspace can be
 * scheduled at ({@link Tenant#frequency()}): a tenant on {@link #SEVEN_DAY} gets snapshots labelled
 * {@code 7-day}. {@link #DAILY} is a calendar day in the tenant's zone and is allowed for sandbox
 * workspaces only; the other frequencies are fixed intervals after the last scheduled snapshot.
 * {@link #MANUAL} and {@link #PRE_RESTORE} are never frequencies.
 */
public enum SnapshotLabel {
    /** Scheduled, every 30 days. */
    MONTHLY("monthly", Duration.ofDays(30), false),
    /** Scheduled, every 15 days. */
    FIFTEEN_DAY("15-day", Duration.ofDays(15), false),
    /** Scheduled, every 7 days. */
    SEVEN_DAY("7-day", Duration.ofDays(7), false),
    /** Scheduled, every 3 days. */
    THREE_DAY("3-day", Duration.ofDays(3), false),
    /** Scheduled, every 24 hours. */
    TWENTY_FOUR_HOUR("24-hour", Duration.ofHours(24), false),
    /** Scheduled, once per calendar day in the tenant's zone; sandbox workspaces only. */
    DAILY("daily", Duration.ofDays(1), true),
    /** Backup Now. */
    MANUAL("manual", null, false),
    /** The automatic safety snapshot taken before every restore. */
    PRE_RESTORE("pre-restore", null, false);

    private static final String FREQUENCIES = "monthly, 15-day, 7-day, 3-day, 24-hour, daily (sandbox only)";

    private final String label;
    private final Duration interval;
    private final boolean sandboxOnly;

    SnapshotLabel(String label, Duration interval, boolean sandboxOnly) {
        this.label = label;
        this.interval = interval;
        this.sandboxOnly = sandboxOnly;
    }

    /** @return the label as written in file names and shown on screen, such as {@code pre-restore} */
    public String label() {
        return label;
    }

    /** @return true for the labels of scheduled snapshots, which are also the valid frequencies */
    public boolean scheduled() {
        return interval != null;
    }

    /**
     * @return the nominal interval between scheduled snapshots of this frequency
     * @throws IllegalStateException for {@link #MANUAL} and {@link #PRE_RESTORE}, which are not
     *     frequencies
     */
    public Duration interval() {
        if (interval == null) {
            throw new IllegalStateException("'" + label + "' is not a schedule frequency; use one of " + FREQUENCIES);
        }
        return interval;
    }

    /** @return true if only sandbox workspaces may be scheduled at this frequency ({@link #DAILY}) */
    public boolean sandboxOnly() {
        return sandboxOnly;
    }

    /**
     * Parses a label as written in file names (case-insensitive).
     *
     * @param label the label
     * @return the snapshot label
     * @throws IllegalArgumentException naming the valid labels if it is none of them
     */
    public static SnapshotLabel fromLabel(String label) {
        return find(label).orElseThrow(() -> new IllegalArgumentException("Unknown snapshot label '" + label
                + "'; use one of monthly, 15-day, 7-day, 3-day, 24-hour, daily, manual, pre-restore"));
    }

    /**
     * Parses a schedule frequency such as {@code monthly} or {@code 24-hour} (case-insensitive),
     * for a host reading a workspace's setting.
     *
     * @param label the label
     * @return the scheduled label
     * @throws IllegalArgumentException naming the valid frequencies if it is none of them (also for
     *     {@code manual} and {@code pre-restore}, which are not frequencies)
     */
    public static SnapshotLabel frequencyFromLabel(String label) {
        return find(label).filter(SnapshotLabel::scheduled).orElseThrow(() -> new IllegalArgumentException(
                "Unknown frequency '" + label + "'; use one of " + FREQUENCIES));
    }

    private static Optional<SnapshotLabel> find(String label) {
        String l = label == null ? "" : label.trim().toLowerCase(Locale.ROOT);
        for (SnapshotLabel s : values()) {
            if (s.label.equals(l)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return label;
    }
}
