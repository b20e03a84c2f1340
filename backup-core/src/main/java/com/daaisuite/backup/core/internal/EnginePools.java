package com.daaisuite.backup.core.internal;

import com.daaisuite.backup.core.BackupsSettings;
import com.daaisuite.backup.crypto.Dbk1;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads of one {@link com.daaisuite.backup.core.Backups}: backup workers (bounded by
 * {@code maxConcurrentBackups}), gzip compression (one pool for the dumps a read budget paces, one
 * for the rest), and the lease-renewal scheduler. Owns their shutdown.
 */
public final class EnginePools {
    private static final Logger LOG = LoggerFactory.getLogger(EnginePools.class);
    /** Manifests read at once for a snapshots page. */
    static final int MANIFEST_READERS = 8;

    private final ThreadPoolExecutor workers;
    private final ExecutorService compression;
    private final ExecutorService pacedCompression;
    private final ScheduledExecutorService scheduler;
    private final ThreadPoolExecutor manifestReaders;
    /** Set just before close() interrupts what still runs, so a backup it stops says so instead of blaming the database. */
    private volatile boolean stopping;
    private final BackupsSettings settings;

    /**
     * @param settings the validated settings (pool sizes)
     * @param warmUpEncryption whether to warm AES-GCM up on a background thread
     */
    public EnginePools(BackupsSettings settings, boolean warmUpEncryption) {
        this.settings = settings;
        int max = settings.maxConcurrentBackups();
        this.workers = new ThreadPoolExecutor(max, max, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                threads("daai-backup-worker"));
        this.workers.allowCoreThreadTimeOut(true);
        this.compression = Executors.newFixedThreadPool(settings.compressionThreads(), threads("daai-backup-gzip"));
        // Paced dumps get their own, smaller pool (BackupsSettings.pacedCompressionThreads explains its size),
        // so that the safety backup a person waits for, which is exempt from the budget, keeps every thread.
        this.pacedCompression = settings.dumpReadBudget().isEmpty() ? compression
                : Executors.newFixedThreadPool(settings.pacedCompressionThreads(), threads("daai-backup-gzip-paced"));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(threads("daai-backup-lease"));
        // A snapshots page opens up to 200 manifests: 8 small reads at a time is enough for S3's latency
        // without letting one page take over the storage connection pool.
        this.manifestReaders = new ThreadPoolExecutor(MANIFEST_READERS, MANIFEST_READERS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), threads("daai-backup-manifest"));
        this.manifestReaders.allowCoreThreadTimeOut(true);
        // JDK 17's AES-GCM runs at ~77 MB/s until C2 compiles its large-message path (seconds of work);
        // warming it once in the background keeps the first backup after start-up from paying for that.
        if (warmUpEncryption) {
            Thread warm = threads("daai-backup-gcm-warmup").newThread(Dbk1::warmUp);
            warm.setPriority(Thread.MIN_PRIORITY);
            warm.start();
        }
    }

    /** @return the settings the pools were sized from (and the services read their limits from) */
    BackupsSettings settings() {
        return settings;
    }

    ExecutorService workers() {
        return workers;
    }

    /**
     * @param paced whether the dump is paced by the node's read budget
     * @return the pool that compresses its gzip blocks, and how many blocks it may have in flight
     */
    Compression compression(boolean paced) {
        if (paced) {
            return new Compression(pacedCompression, 2 * settings.pacedCompressionThreads());
        }
        return new Compression(compression, 2 * settings.compressionThreads());
    }

    /**
     * Where one archive's gzip blocks are compressed.
     *
     * @param pool the threads
     * @param maxInFlight blocks compressed or waiting at once: two per thread, so no thread waits for the writer
     */
    record Compression(ExecutorService pool, int maxInFlight) {}

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** @return the pool that reads manifests in parallel for a snapshots page */
    ExecutorService manifestReaders() {
        return manifestReaders;
    }

    /** @return true once {@link #close()} has begun interrupting work still running */
    boolean stoppedByClose() {
        return stopping;
    }

    /** Stops accepting work and waits up to ten seconds for running backups before interrupting them. */
    public void close() {
        workers.shutdown();
        try {
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("Backups closed while backups were still running; they are interrupted and leave nothing behind");
                stopping = true;
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
            workers.shutdownNow();
        }
        stopping = true;
        compression.shutdownNow();
        pacedCompression.shutdownNow();
        scheduler.shutdownNow();
        manifestReaders.shutdownNow();
    }

    private static ThreadFactory threads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
