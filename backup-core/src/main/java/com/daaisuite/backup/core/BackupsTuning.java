package com.daaisuite.backup.core;

import com.daaisuite.backup.ConfigurationException;
import com.daaisuite.backup.core.internal.Wiring;
import com.daaisuite.backup.crypto.Dbk1Options;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * The engine settings of {@link Backups.Builder}: compression, concurrency, the read budget, the
 * archive format, Backup Now's pace, the restore drill's scratch database and schedule, and the node's name. Kept apart from the plugins and host hooks
 * the builder wires, and validated together into the {@link BackupsSettings} a built instance shows.
 * Only {@link Backups.Builder} extends it.
 *
 * @param <B> the builder, returned by every setter
 */
public abstract class BackupsTuning<B extends BackupsTuning<B>> {
    int compressionLevel = BackupsSettings.DEFAULT_COMPRESSION_LEVEL;
    boolean compressionLevelSet;
    Integer scheduledCompressionLevel;
    int compressionThreads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    int maxConcurrentBackups = 2;
    OptionalLong dumpReadBudget = OptionalLong.empty();
    Dbk1Options dbk1Options = Dbk1Options.defaults();
    boolean allowPlaintext;
    boolean warmUpEncryption = true;
    String nodeName;
    java.time.Duration backupNowMinInterval = java.time.Duration.ZERO;
    String drillDatabase = DrillService.DEFAULT_DATABASE_PATTERN;
    Duration drillEvery = Backups.DEFAULT_DRILL_INTERVAL;
    boolean collectionRestoreGate = true;

    BackupsTuning() {}

    abstract B self();

    /**
     * The gzip level of backups a person waits for: Backup Now and the pre-restore safety backup.
     * Unless {@link #scheduledCompressionLevel(int)} is set too, scheduled backups use it as well.
     *
     * @param level gzip level 1..9 (default {@value BackupsSettings#DEFAULT_COMPRESSION_LEVEL})
     * @return this
     */
    public B compressionLevel(int level) {
        this.compressionLevel = level;
        this.compressionLevelSet = true;
        return self();
    }

    /**
     * The gzip level of scheduled backups, which run with nobody waiting and are kept longest
     * (default {@value BackupsSettings#DEFAULT_SCHEDULED_COMPRESSION_LEVEL}, or the level given to
     * {@link #compressionLevel(int)} when only that was set).
     *
     * @param level gzip level 1..9
     * @return this
     */
    public B scheduledCompressionLevel(int level) {
        this.scheduledCompressionLevel = level;
        return self();
    }

    /**
     * @param threads threads compressing gzip members in parallel, 1..64 (the dumps a
     *     {@link #dumpReadBudget(long)} paces use fewer: {@link BackupsSettings#pacedCompressionThreads()})
     * @return this
     */
    public B compressionThreads(int threads) {
        this.compressionThreads = threads;
        return self();
    }

    /**
     * @param max backups running at once on this node (runDue and Backup Now), 1..64
     * @return this
     */
    public B maxConcurrentBackups(int max) {
        this.maxConcurrentBackups = max;
        return self();
    }

    /**
     * Caps how fast this node's dumps read the database, together: one budget of bytes per second
     * shared by every backup this instance runs at once (scheduled and Backup Now), so the 01:00
     * wave of many tenants leaves the live database room for the application. It paces the dump's
     * output, which holds the source's cursor back. The node's restore drills draw from the same
     * budget (their load into the scratch database and its read-back): scheduled ones run right after
     * the tick's backups. The pre-restore safety backup is exempt: a
     * person waits for it and its workspace is in maintenance. The dumps it paces compress on a pool of
     * their own, as small as the budget allows ({@link BackupsSettings#pacedCompressionThreads()}: one
     * thread at 4 MB/s), so that their gzip blocks never take every core from the live database at
     * once. Default: unlimited (docs/schedules.md, "The 01:00 wave").
     *
     * @param bytesPerSecond the node's dump read rate, at least {@value BackupsSettings#MIN_DUMP_READ_BUDGET}
     * @return this
     */
    public B dumpReadBudget(long bytesPerSecond) {
        this.dumpReadBudget = OptionalLong.of(bytesPerSecond);
        return self();
    }

    /**
     * @param options DBK1 options (segment size)
     * @return this
     */
    public B encryption(Dbk1Options options) {
        this.dbk1Options = options;
        return self();
    }

    /**
     * @param allow true to write plaintext {@code .gz} archives when no key is configured; off by
     *     default, so that a missing key fails fast instead of silently weakening backups
     * @return this
     */
    public B allowPlaintext(boolean allow) {
        this.allowPlaintext = allow;
        return self();
    }

    /**
     * Whether to warm the JVM's AES-GCM up on a background thread when built (default true).
     * On JDK 17 AES-GCM runs at well under 100 MB/s until the JIT compiles its large-message
     * path; the warm-up spends one to three CPU-seconds getting it compiled, which a long-lived
     * host pays once. A short-lived process that encrypts little (a command-line run on a tenant
     * of tens of MB) spends less by turning it off and, where it can, compiling that path early
     * with JVM options instead (the CLI launcher does: docs/performance.md).
     *
     * @param warmUp false to skip the warm-up
     * @return this
     */
    public B warmUpEncryption(boolean warmUp) {
        this.warmUpEncryption = warmUp;
        return self();
    }

    /**
     * The shortest time between two Backup Nows of one tenant (default zero: no limit). A Backup
     * Now asked for sooner after the tenant's newest {@code manual} snapshot is refused with
     * {@link BackupTooSoonException}, which says how long to wait; one asked for while the
     * previous still runs joins it as before ({@link BackupJob#joined()}). The time comes from
     * the storage listing, so the limit holds across nodes, processes and CLI runs. Scheduled
     * backups and safety backups are not limited.
     *
     * @param interval zero or positive, such as {@code Duration.ofMinutes(1)}
     * @return this
     */
    public B backupNowMinInterval(java.time.Duration interval) {
        this.backupNowMinInterval = interval;
        return self();
    }

    /**
     * @param name this node's name, recorded as lock owner and in manifests
     * @return this
     */
    public B nodeName(String name) {
        this.nodeName = name;
        return self();
    }

    /**
     * The name of a restore drill's scratch database; {@code {db}} stands for the tenant's database
     * name. Default {@value DrillService#DEFAULT_DATABASE_PATTERN}. It must contain {@code {db}} (so two
     * tenants never share a scratch database) and must never equal the live database's name.
     *
     * @param pattern the pattern
     * @return this
     */
    public B drillDatabase(String pattern) {
        this.drillDatabase = pattern;
        return self();
    }

    /**
     * How often {@link Backups#runDue} drills each active, non-sandbox tenant: its newest snapshot is
     * restored into the scratch database and checked once per interval. Default
     * {@link Backups#DEFAULT_DRILL_INTERVAL} (weekly); {@link Duration#ZERO} turns scheduled drills
     * off (drills by hand still run). Sandbox tenants are never drilled by schedule.
     *
     * @param interval the interval, zero or at least one hour
     * @return this
     */
    public B drillEvery(Duration interval) {
        this.drillEvery = interval;
        return self();
    }

    /**
     * Whether a restore of chosen collections ({@link RestoreScope.Collections}) enters the host's
     * {@link com.daaisuite.backup.core.spi.MaintenanceGate} for its swap, as a whole restore always does.
     * Default true. Turned off, the rest of the workspace stays usable during a collections restore, at a
     * price the host accepts: a write to a chosen collection made after the pre-restore safety backup began
     * is in neither the restored collection nor the safety snapshot (docs/restore.md, "The maintenance gate
     * and collection restores"). Recovery of an interrupted restore enters the gate either way.
     *
     * @param enter false to restore chosen collections without the maintenance gate
     * @return this
     */
    public B collectionRestoreGate(boolean enter) {
        this.collectionRestoreGate = enter;
        return self();
    }

    /** Validates the drill's settings. */
    void requireDrillSettings() {
        if (drillDatabase == null || !drillDatabase.contains("{db}") || drillDatabase.equals("{db}")) {
            throw new ConfigurationException("Backups.builder(): drillDatabase must contain {db} and more, such as "
                    + DrillService.DEFAULT_DATABASE_PATTERN + "; got " + drillDatabase);
        }
        if (drillEvery == null || drillEvery.isNegative() || (!drillEvery.isZero() && drillEvery.compareTo(Duration.ofHours(1)) < 0)) {
            throw new ConfigurationException("Backups.builder(): drillEvery must be zero (off) or at least one hour; got "
                    + drillEvery);
        }
    }

    /** Validates these settings and describes them with the plugins' descriptions. */
    BackupsSettings settings(String source, String storage, String keys) {
        if (dbk1Options == null) {
            throw new ConfigurationException("Backups.builder(): encryption must not be null");
        }
        Wiring.requireRange("compressionLevel", compressionLevel, 1, 9);
        int scheduledLevel = scheduledCompressionLevel != null ? scheduledCompressionLevel
                : compressionLevelSet ? compressionLevel : BackupsSettings.DEFAULT_SCHEDULED_COMPRESSION_LEVEL;
        Wiring.requireRange("scheduledCompressionLevel", scheduledLevel, 1, 9);
        Wiring.requireRange("compressionThreads", compressionThreads, 1, 64);
        Wiring.requireRange("maxConcurrentBackups", maxConcurrentBackups, 1, 64);
        if (dumpReadBudget.isPresent() && dumpReadBudget.getAsLong() < BackupsSettings.MIN_DUMP_READ_BUDGET) {
            throw new ConfigurationException("Backups.builder(): dumpReadBudget is in bytes per second and must be at least "
                    + BackupsSettings.MIN_DUMP_READ_BUDGET + " (64 KiB/s), got " + dumpReadBudget.getAsLong()
                    + "; for 20 MB/s pass 20_000_000, or leave it unset for no limit");
        }
        if (backupNowMinInterval == null || backupNowMinInterval.isNegative()) {
            throw new ConfigurationException("Backups.builder(): backupNowMinInterval must be zero or positive, got "
                    + backupNowMinInterval);
        }
        String node = nodeName != null && !nodeName.isBlank() ? nodeName : defaultNodeName();
        return new BackupsSettings(compressionLevel, compressionThreads, maxConcurrentBackups,
                dbk1Options.segmentSize(), allowPlaintext, node, source, storage, keys, scheduledLevel,
                dumpReadBudget, backupNowMinInterval);
    }

    private static String defaultNodeName() {
        String host = System.getenv("HOSTNAME");
        return (host == null || host.isBlank() ? "node" : host) + "-" + ProcessHandle.current().pid();
    }
}
