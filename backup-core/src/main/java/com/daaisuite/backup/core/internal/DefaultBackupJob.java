package com.daaisuite.backup.core.internal;

import com.daaisuite.backup.BackupException;
import com.daaisuite.backup.core.BackupJob;
import com.daaisuite.backup.core.BackupResult;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/** The handle of a Backup Now. */
final class DefaultBackupJob implements BackupJob {
    private final String tenantId;
    private final CompletableFuture<BackupResult> future = new CompletableFuture<>();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong documents = new AtomicLong();
    private volatile State state = State.QUEUED;
    private volatile BackupException failure;

    DefaultBackupJob(String tenantId) {
        this.tenantId = tenantId;
    }

    void running() {
        state = State.RUNNING;
    }

    void progress(long b, long d) {
        bytes.set(b);
        documents.set(d);
    }

    void succeed(BackupResult r) {
        state = State.SUCCEEDED;
        future.complete(r);
    }

    void fail(BackupException e) {
        failure = e;
        state = State.FAILED;
        future.completeExceptionally(e);
    }

    boolean finished() {
        return future.isDone();
    }

    @Override
    public String tenantId() {
        return tenantId;
    }

    @Override
    public State state() {
        return state;
    }

    @Override
    public long bytesProcessed() {
        return bytes.get();
    }

    @Override
    public long documentsProcessed() {
        return documents.get();
    }

    @Override
    public Optional<BackupResult> result() {
        return state == State.SUCCEEDED ? Optional.of(future.join()) : Optional.empty();
    }

    @Override
    public Optional<BackupException> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public BackupResult await(Duration timeout) throws TimeoutException, InterruptedException {
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw (BackupException) e.getCause();
        }
    }

    @Override
    public CompletionStage<BackupResult> completion() {
        return future.minimalCompletionStage();
    }

    @Override
    public String toString() {
        return "BackupJob[" + tenantId + ", " + state + "]";
    }
}
