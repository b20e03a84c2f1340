package com.daaisuite.backup.core.internal;

import com.daaisuite.backup.BackupException;
import com.daaisuite.backup.core.Actor;
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
    private final Actor startedBy;
    private final String note;
    private final CompletableFuture<BackupResult> future = new CompletableFuture<>();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong documents = new AtomicLong();
    private volatile State state = State.QUEUED;
    private volatile BackupException failure;

    DefaultBackupJob(String tenantId, Actor startedBy, String note) {
        this.tenantId = tenantId;
        this.startedBy = startedBy;
        this.note = note;
    }

    /** @return a handle on this job for a caller who joined it: the same job, saying so */
    BackupJob joinedView() {
        return new Joined(this);
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
    public boolean joined() {
        return false;
    }

    @Override
    public Actor startedBy() {
        return startedBy;
    }

    @Override
    public String note() {
        return note;
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
        return "BackupJob[" + tenantId + ", " + state + ", started by " + startedBy.id() + "]";
    }

    /** The running job, as seen by a caller who joined it. */
    private record Joined(DefaultBackupJob job) implements BackupJob {
        @Override
        public String tenantId() {
            return job.tenantId();
        }

        @Override
        public boolean joined() {
            return true;
        }

        @Override
        public Actor startedBy() {
            return job.startedBy();
        }

        @Override
        public String note() {
            return job.note();
        }

        @Override
        public State state() {
            return job.state();
        }

        @Override
        public long bytesProcessed() {
            return job.bytesProcessed();
        }

        @Override
        public long documentsProcessed() {
            return job.documentsProcessed();
        }

        @Override
        public Optional<BackupResult> result() {
            return job.result();
        }

        @Override
        public Optional<BackupException> failure() {
            return job.failure();
        }

        @Override
        public BackupResult await(Duration timeout) throws TimeoutException, InterruptedException {
            return job.await(timeout);
        }

        @Override
        public CompletionStage<BackupResult> completion() {
            return job.completion();
        }

        @Override
        public String toString() {
            return job + " (joined)";
        }
    }
}
