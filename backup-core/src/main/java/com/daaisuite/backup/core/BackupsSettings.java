package com.daaisuite.backup.core;

import java.util.OptionalLong;

/**
 * The settings a {@link Backups} was built with, for status pages and logs. Contains descriptions
 * of the plugins, never credentials or key material.
 *
 * @param compressionLevel gzip level 1..9 of on-demand backups (Backup Now, the pre-restore safety backup)
 * @param compressionThreads threads compressing gzip members in parallel
 * @param maxConcurrentBackups backups at once on this node
 * @param segmentSize DBK1 plaintext segment size
 * @param allowPlaintext whether plaintext archives are written when no key is configured
 * @param nodeName this node's name
 * @param source description of the database source
 * @param storage description of the storage backend
 * @param keys description of the key provider
 * @param scheduledCompressionLevel gzip level 1..9 of scheduled backups
 * @param dumpReadBudget bytes per second that all the dumps of this node read together (empty: unlimited);
 *     the pre-restore safety backup is exempt
 * @param backupNowMinInterval the shortest time between two Backup Nows of one tenant
 *     ({@link java.time.Duration#ZERO}: no limit); see {@code Backups.Builder.backupNowMinInterval}
 */
public record BackupsSettings(int compressionLevel, int compressionThreads, int maxConcurrentBackups, int segmentSize,
        boolean allowPlaintext, String nodeName, String source, String storage, String keys, int scheduledCompressionLevel,
        OptionalLong dumpReadBudget, java.time.Duration backupNowMinInterval) {

    /** Validates. */
    public BackupsSettings {
        java.util.Objects.requireNonNull(dumpReadBudget, "dumpReadBudget");
        java.util.Objects.requireNonNull(backupNowMinInterval, "backupNowMinInterval");
        if (backupNowMinInterval.isNegative()) {
            throw new IllegalArgumentException("backupNowMinInterval must not be negative, got " + backupNowMinInterval);
        }
    }

    /**
     * The settings as they were before the per-trigger level, the read budget and the Backup Now
     * interval existed: one level for every trigger, no budget, no interval.
     *
     * @param compressionLevel gzip level 1..9
     * @param compressionThreads threads compressing gzip blocks in parallel
     * @param maxConcurrentBackups backups at once on this node
     * @param segmentSize DBK1 plaintext segment size
     * @param allowPlaintext whether plaintext archives are written when no key is configured
     * @param nodeName this node's name
     * @param source description of the database source
     * @param storage description of the storage backend
     * @param keys description of the key provider
     */
    public BackupsSettings(int compressionLevel, int compressionThreads, int maxConcurrentBackups, int segmentSize,
            boolean allowPlaintext, String nodeName, String source, String storage, String keys) {
        this(compressionLevel, compressionThreads, maxConcurrentBackups, segmentSize, allowPlaintext, nodeName, source, storage,
                keys, compressionLevel, OptionalLong.empty(), java.time.Duration.ZERO);
    }

    /**
     * The default gzip level: 3. Measured on 2 cores (docs/performance.md), level 3 compresses 2.2×
     * faster than level 6 for about 12% larger archives, which keeps a backup from being bound by
     * the host's CPU; set {@code compressionLevel(6)} where storage quota matters more than CPU.
     */
    public static final int DEFAULT_COMPRESSION_LEVEL = 3;

    /**
     * The default gzip level of scheduled backups: 8. They run at night with nobody waiting, and are
     * kept for weeks against the tenant's storage quota, so size matters more than a second of CPU.
     * Measured against {@code mongodump --archive --gzip} 100.11.0 on the four 80 MB shapes of the
     * side-by-side harness (docs/performance.md, "Archive size, round three"): level 8 is the lowest
     * zlib level whose archive is no larger than mongodump's on every shape (0.98-1.00x), for 1-2.2x
     * its CPU (3x on many tiny documents); level 7 was 1.00-1.01x for 0.8-1.1x. No better deflate
     * with a shippable licence resolves from Maven Central here; a host whose CPU is tighter than its
     * quota sets {@code scheduledCompressionLevel(7)}.
     */
    public static final int DEFAULT_SCHEDULED_COMPRESSION_LEVEL = 8;

    /**
     * The smallest read-rate budget accepted: 64 KiB/s. A smaller one is far more likely a unit
     * mistake (kilobytes for bytes) than a wish to take hours over a small tenant.
     */
    public static final long MIN_DUMP_READ_BUDGET = 64 * 1024;

    /**
     * What one compression thread is counted on for under a read budget: 16 MB/s of dump. One thread
     * compressed 18.2 MB/s of a mongodump payload at the scheduled level 8 on the 2-core benchmark
     * machine ({@code pipeline.GzipBenchmark}, docs/performance.md, "Round four"); the figure is
     * rounded down so that a budget is never capped by too few threads.
     */
    public static final long PACED_GZIP_BYTES_PER_THREAD = 16_000_000;

    /**
     * The gzip threads that the dumps paced by {@link #dumpReadBudget()} share on this node: as many
     * as the budget needs ({@link #PACED_GZIP_BYTES_PER_THREAD} each, at least one), never more than
     * {@link #compressionThreads()}. A paced dump cannot go faster than its budget, so more threads
     * would not finish it sooner; they would only let several 256 KiB blocks compress at the same
     * moment, taking every core from the live database for those milliseconds, which is what the
     * application's p99 latency measured during the 01:00 wave (docs/performance.md, "Round five").
     *
     * @return the paced compression threads, or {@link #compressionThreads()} when there is no budget
     */
    public int pacedCompressionThreads() {
        if (dumpReadBudget.isEmpty()) {
            return compressionThreads;
        }
        long needed = (dumpReadBudget.getAsLong() + PACED_GZIP_BYTES_PER_THREAD - 1) / PACED_GZIP_BYTES_PER_THREAD;
        return (int) Math.max(1, Math.min(compressionThreads, needed));
    }

    /**
     * The gzip level a backup of this trigger is written with.
     *
     * @param trigger why the backup runs
     * @return {@link #scheduledCompressionLevel()} for scheduled backups, {@link #compressionLevel()} otherwise
     */
    public int compressionLevelFor(BackupTrigger trigger) {
        return trigger == BackupTrigger.SCHEDULED ? scheduledCompressionLevel : compressionLevel;
    }
}
