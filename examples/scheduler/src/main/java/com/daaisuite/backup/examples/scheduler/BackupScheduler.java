package com.daaisuite.backup.examples.scheduler;

import com.daaisuite.backup.core.BackupService;
import com.daaisuite.backup.core.BackupService.ScheduledOutcome;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Calls {@link BackupService#runDue} on a fixed delay. That is all the scheduling a host needs:
 * the library decides which tenants are due (01:00 tenant-local, by frequency), catches up missed
 * windows once, skips suspended tenants, and (with a shared {@code MongoBackupLock}) lets exactly
 * one node back up a tenant even when every node ticks.
 *
 * <p>A tick every few minutes is plenty; ticking often costs one storage listing per tenant.
 */
public final class BackupScheduler implements AutoCloseable {
    private final BackupService service;
    private final Clock clock;
    private final Consumer<List<ScheduledOutcome>> onTick;
    private final Consumer<RuntimeException> onError;
    private final ScheduledExecutorService executor;

    /**
     * @param service the library's backup service (the {@code Backups} object itself)
     * @param clock the clock whose instant is passed to {@code runDue} (the same one {@code Backups} was built with)
     * @param onTick receives each tick's outcomes, for logs and metrics
     * @param onError receives a tick that failed as a whole (storage unreachable, ...)
     */
    public BackupScheduler(BackupService service, Clock clock, Consumer<List<ScheduledOutcome>> onTick,
            Consumer<RuntimeException> onError) {
        this.service = Objects.requireNonNull(service, "service");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.onTick = Objects.requireNonNull(onTick, "onTick");
        this.onError = Objects.requireNonNull(onError, "onError");
        // One thread is enough: runDue runs the due tenants with the library's own bounded concurrency.
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "daai-backup-scheduler");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts ticking.
     *
     * @param initialDelay before the first tick
     * @param period between the end of one tick and the start of the next
     * @return this
     */
    public BackupScheduler start(Duration initialDelay, Duration period) {
        // Fixed delay, not fixed rate: a long tick (many tenants due after downtime) must not queue up more ticks behind it.
        executor.scheduleWithFixedDelay(this::tick, initialDelay.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** One tick; public so a host with its own trigger (a cron endpoint, a test) can call it. */
    public void tick() {
        try {
            onTick.accept(service.runDue(clock.instant()));
        } catch (RuntimeException e) {
            // An exception escaping a scheduled task silently cancels every later run: report it and tick again next time.
            onError.accept(e);
        }
    }

    /** Stops ticking and waits briefly for a running tick (the library finishes or abandons its backups safely). */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
