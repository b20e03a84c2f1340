package com.daaisuite.backup.micrometer;

/**
 * The names and tags of every meter {@link BackupMetrics} registers, in Micrometer's dotted form. A
 * Prometheus registry renders them with underscores and unit suffixes ({@code daai.backup.backups} becomes
 * {@code daai_backup_backups_total}); docs/operations.md lists both forms.
 */
public final class MetricNames {
    private MetricNames() {}

    /** Counter of finished backup attempts; tags {@link #OUTCOME} and {@link #TRIGGER}. */
    public static final String BACKUPS = "daai.backup.backups";
    /** Timer of backup durations (completed and failed); tags {@link #OUTCOME} and {@link #TRIGGER}. */
    public static final String BACKUP_DURATION = "daai.backup.backup.duration";
    /** Distribution of committed archive sizes in bytes, with histogram buckets; tag {@link #TRIGGER}. */
    public static final String ARCHIVE_SIZE = "daai.backup.archive.size";
    /** Gauge of backups running now in this process (every tenant). */
    public static final String BACKUPS_IN_FLIGHT = "daai.backup.backups.in.flight";
    /** Counter of restores by {@link #OUTCOME}. */
    public static final String RESTORES = "daai.backup.restores";
    /** Timer of restore durations (completed, failed, recovered); tag {@link #OUTCOME}. */
    public static final String RESTORE_DURATION = "daai.backup.restore.duration";
    /** Gauge of restores running now in this process. */
    public static final String RESTORES_IN_FLIGHT = "daai.backup.restores.in.flight";
    /** Counter of integrity failures (a tampered, truncated or foreign archive or manifest). */
    public static final String INTEGRITY_FAILURES = "daai.backup.integrity.failures";
    /**
     * Gauge, per tenant ({@link #TENANT} tag), of the seconds since the tenant's last committed backup;
     * at most {@link BackupMetrics.Builder#maxTenantSeries(int)} tenants get one.
     */
    public static final String LAST_SUCCESS_AGE = "daai.backup.last.success.age";
    /** Gauge of the largest {@link #LAST_SUCCESS_AGE} over every tenant known, with or without its own series. */
    public static final String OLDEST_LAST_SUCCESS_AGE = "daai.backup.oldest.last.success.age";
    /** Gauge of tenants whose age is known but who got no series of their own (the cardinality guard at work). */
    public static final String UNTRACKED_TENANTS = "daai.backup.tenants.untracked";

    /** Counter of restore drills by {@link #OUTCOME} ({@code passed}, {@code failed}: not proven, or could not run). */
    public static final String DRILLS = "daai.backup.drills";
    /** Timer of restore drills by {@link #OUTCOME}. */
    public static final String DRILL_DURATION = "daai.backup.drill.duration";
    /**
     * Gauge, per tenant ({@link #TENANT} tag), of the seconds since the tenant's last passed restore drill, under
     * the same cardinality guard as {@link #LAST_SUCCESS_AGE}.
     */
    public static final String LAST_DRILL_AGE = "daai.backup.last.drill.age";
    /** Gauge of the largest {@link #LAST_DRILL_AGE} over every tenant known. */
    public static final String OLDEST_LAST_DRILL_AGE = "daai.backup.oldest.last.drill.age";
    /** Gauge of tenants with a passed drill but no {@link #LAST_DRILL_AGE} series of their own. */
    public static final String UNTRACKED_DRILL_TENANTS = "daai.backup.drill.tenants.untracked";

    /**
     * Tag: what happened ({@code completed}, {@code failed}, {@code refused}, {@code skipped}, {@code recovered}; for
     * drills {@code passed} or {@code failed}).
     */
    public static final String OUTCOME = "outcome";
    /** Tag: why a backup ran ({@code scheduled}, {@code manual}, {@code pre_restore}, or {@code unknown}). */
    public static final String TRIGGER = "trigger";
    /** Tag: the tenant id, only on per-tenant gauges. */
    public static final String TENANT = "tenant";
}
