package com.daaisuite.backup.core;

/**
 * The settings a {@link Backups} was built with, for status pages and logs. Contains descriptions
 * of the plugins, never credentials or key material.
 *
 * @param compressionLevel gzip level 1..9
 * @param compressionThreads threads compressing gzip members in parallel
 * @param maxConcurrentBackups backups at once on this node
 * @param segmentSize DBK1 plaintext segment size
 * @param allowPlaintext whether plaintext archives are written when no key is configured
 * @param nodeName this node's name
 * @param source description of the database source
 * @param storage description of the storage backend
 * @param keys description of the key provider
 * @param backupNowMinInterval the shortest time between two Backup Nows of one tenant
 *     ({@link java.time.Duration#ZERO}: no limit); see {@code Backups.Builder.backupNowMinInterval}
 */
public record BackupsSettings(int compressionLevel, int compressionThreads, int maxConcurrentBackups, int segmentSize,
        boolean allowPlaintext, String nodeName, String source, String storage, String keys,
        java.time.Duration backupNowMinInterval) {

    /** Validates. */
    public BackupsSettings {
        java.util.Objects.requireNonNull(backupNowMinInterval, "backupNowMinInterval");
        if (backupNowMinInterval.isNegative()) {
            throw new IllegalArgumentException("backupNowMinInterval must not be negative, got " + backupNowMinInterval);
        }
    }

    /**
     * The settings without a Backup Now interval (as before it existed).
     *
     * @param compressionLevel gzip level 1..9
     * @param compressionThreads threads compressing gzip members in parallel
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
                keys, java.time.Duration.ZERO);
    }

    /**
     * The default gzip level: 3. Measured on 2 cores (docs/performance.md), level 3 compresses 2.2×
     * faster than level 6 for about 12% larger archives, which keeps a backup from being bound by
     * the host's CPU; set {@code compressionLevel(6)} where storage quota matters more than CPU.
     */
    public static final int DEFAULT_COMPRESSION_LEVEL = 3;
}
