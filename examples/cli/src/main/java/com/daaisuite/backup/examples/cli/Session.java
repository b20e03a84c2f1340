package com.daaisuite.backup.examples.cli;

import com.daaisuite.backup.core.Actor;
import com.daaisuite.backup.core.BackupEvent;
import com.daaisuite.backup.core.Backups;
import com.daaisuite.backup.core.Permission;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.spi.BackupLock;
import com.daaisuite.backup.core.spi.DatabaseSource;
import com.daaisuite.backup.core.spi.StorageBackend;
import com.daaisuite.backup.core.spi.TenantDirectory;
import com.daaisuite.backup.crypto.spi.KeyProvider;
import java.util.List;

/**
 * One command's {@link Backups}, built the way a host builds it, with the CLI playing the host: a
 * tenant directory holding the one tenant from the options, and an access policy that grants the
 * operator every permission (whoever can run this tool with the key in its environment already has
 * the keys to every archive; the tool adds no authority of its own).
 */
final class Session implements AutoCloseable {
    /** Who the audit trail says acted: the operator at the command line. */
    static final Actor OPERATOR = new Actor("operator:daai-backup-cli",
            "operator (" + System.getProperty("user.name", "unknown") + ") via daai-backup CLI");

    final Tenant tenant;
    final Backups backups;
    final StorageBackend storage;
    final KeyProvider keys;
    final ProgressRelay progress;
    private final DatabaseSource source;

    private Session(Tenant tenant, Backups backups, StorageBackend storage, KeyProvider keys, ProgressRelay progress,
            DatabaseSource source) {
        this.tenant = tenant;
        this.backups = backups;
        this.storage = storage;
        this.keys = keys;
        this.progress = progress;
        this.source = source;
    }

    /**
     * @param tenant the one tenant
     * @param storage the backend (owned by the session from now on: closed with it)
     * @param source the source (owned by the session from now on)
     * @param keys the keys
     * @param lock the tenant lock to share with the app, or null for the in-process default
     */
    static Session open(Tenant tenant, StorageBackend storage, DatabaseSource source, KeyProvider keys, BackupLock lock) {
        return open(tenant, storage, source, keys, lock, false);
    }

    /**
     * As above, optionally refusing every plaintext snapshot ({@code --refuse-plaintext}).
     *
     * @param refusePlaintext true to refuse restoring any plaintext snapshot
     */
    static Session open(Tenant tenant, StorageBackend storage, DatabaseSource source, KeyProvider keys, BackupLock lock,
            boolean refusePlaintext) {
        ProgressRelay relay = new ProgressRelay();
        try {
            Backups.Builder b = Backups.builder()
                    .source(source)
                    .storage(storage)
                    .keys(keys)
                    .tenants(TenantDirectory.of(List.of(tenant)))
                    .access(Session::operatorMay)
                    .refusePlaintext(refusePlaintext)
                    .listener(relay)
                    .nodeName("daai-backup-cli")
                    // One command encrypts or decrypts tens of MB: the background AES-GCM warm-up cost
                    // more CPU than it saved (docs/performance.md); the launcher compiles GCM early instead.
                    .warmUpEncryption(false);
            if (lock != null) {
                b.lock(lock);
            }
            return new Session(tenant, b.build(), storage, keys, relay, source);
        } catch (RuntimeException e) {
            closeQuietly(storage);
            closeQuietly(source);
            throw e;
        }
    }

    private static boolean operatorMay(Actor actor, Permission permission, Tenant tenant) {
        return OPERATOR.equals(actor);
    }

    @Override
    public void close() {
        try {
            backups.close();
        } finally {
            closeQuietly(storage);
            closeQuietly(source);
        }
    }

    static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception ignored) {
            // Closing after the command's outcome is decided: a failure here must not change the exit code.
        }
    }

    /** Forwards the library's progress events to whatever progress display is current. */
    static final class ProgressRelay implements com.daaisuite.backup.core.spi.BackupListener {
        private volatile Progress current;

        Progress start(Progress p) {
            current = p;
            return p;
        }

        void stop() {
            Progress p = current;
            current = null;
            if (p != null) {
                p.close();
            }
        }

        @Override
        public void onEvent(BackupEvent event) {
            Progress p = current;
            if (p != null && (event.type() == BackupEvent.Type.BACKUP_PROGRESS
                    || event.type() == BackupEvent.Type.RESTORE_PROGRESS)) {
                p.update(event.bytes(), event.documents());
            }
        }
    }
}
