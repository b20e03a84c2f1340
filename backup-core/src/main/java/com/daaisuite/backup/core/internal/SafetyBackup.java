package com.daaisuite.backup.core.internal;

import com.daaisuite.backup.core.BackupResult;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * The pre-restore safety backup, running on a thread of its own while the restore stages the new
 * data: the two read and write different things (the live collections into storage; the archive into
 * staging collections), and the swap waits for the backup. On two cores this hides most of the
 * backup behind the load's round trips to the server (docs/performance.md, "Versus the MongoDB
 * Database Tools").
 */
final class SafetyBackup {
    private final CompletableFuture<BackupResult> done = new CompletableFuture<>();
    private volatile Throwable failure;

    private SafetyBackup() {}

    /** Starts {@code backup} now; the caller must {@link #await} or {@link #awaitFailure} before it lets the lock go. */
    static SafetyBackup start(String tenantId, Supplier<BackupResult> backup) {
        SafetyBackup s = new SafetyBackup();
        Thread thread = new Thread(() -> {
            try {
                s.done.complete(backup.get());
            } catch (Throwable x) {
                s.failure = x;
                s.done.completeExceptionally(x);
            }
        }, "daai-backup-safety-" + tenantId);
        thread.setDaemon(true);
        thread.start();
        return s;
    }

    /** Waits for the backup; its failure is rethrown as it was thrown. */
    void await() {
        RuntimeException x = awaitFailure();
        if (x != null) {
            throw x;
        }
    }

    /** Waits for the backup and returns its failure, or null when it succeeded. */
    RuntimeException awaitFailure() {
        try {
            done.join();
            return null;
        } catch (CompletionException e) {
            Throwable x = failure;
            if (x instanceof Error err) {
                throw err;
            }
            return x instanceof RuntimeException r ? r : new IllegalStateException(x);
        }
    }

    /** The finished backup's result; only after {@link #await} returned normally. */
    BackupResult result() {
        return done.join();
    }

    /**
     * The archive stream of the load, which stops at once when the safety backup has failed, so that a
     * refused safety backup (a full quota, say) does not wait for the whole archive to be staged first.
     */
    InputStream stopOnFailure(InputStream in) {
        return new FilterInputStream(in) {
            private void check() throws IOException {
                Throwable x = failure;
                if (x != null) {
                    throw new IOException("the pre-restore safety backup failed: " + x.getMessage(), x);
                }
            }

            @Override
            public int read() throws IOException {
                check();
                return super.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                check();
                return super.read(b, off, len);
            }
        };
    }
}
