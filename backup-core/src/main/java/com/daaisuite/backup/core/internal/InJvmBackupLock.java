package com.daaisuite.backup.core.internal;

import com.daaisuite.backup.core.spi.BackupLock;
import com.daaisuite.backup.core.spi.Lease;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link BackupLock} inside one JVM: leases with expiry and a per-tenant fencing token. Safe for a
 * single node only; several nodes must share a lock stored where they all see it.
 */
public final class InJvmBackupLock implements BackupLock {
    private final Clock clock;
    private final Map<String, Holder> held = new HashMap<>();
    private final Map<String, Long> tokens = new HashMap<>();

    private static final class Holder {
        final String owner;
        final long token;
        Instant expiresAt;

        Holder(String owner, long token, Instant expiresAt) {
            this.owner = owner;
            this.token = token;
            this.expiresAt = expiresAt;
        }
    }

    /** @param clock decides expiry; tests pass a controllable one */
    public InJvmBackupLock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized Optional<Lease> tryAcquire(String tenantId, String owner, Duration ttl) {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(owner, "owner");
        requirePositive(ttl);
        Instant now = clock.instant();
        Holder h = held.get(tenantId);
        if (h != null && h.expiresAt.isAfter(now)) {
            return Optional.empty();
        }
        long token = tokens.merge(tenantId, 1L, Long::sum);
        Holder mine = new Holder(owner, token, now.plus(ttl));
        held.put(tenantId, mine);
        return Optional.of(new InJvmLease(tenantId, mine));
    }

    private static void requirePositive(Duration ttl) {
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("A lease ttl must be positive, got " + ttl);
        }
    }

    @Override
    public String toString() {
        return "InJvmBackupLock";
    }

    private final class InJvmLease implements Lease {
        private final String tenantId;
        private final Holder holder;

        InJvmLease(String tenantId, Holder holder) {
            this.tenantId = tenantId;
            this.holder = holder;
        }

        @Override
        public String tenantId() {
            return tenantId;
        }

        @Override
        public long fencingToken() {
            return holder.token;
        }

        @Override
        public Instant expiresAt() {
            synchronized (InJvmBackupLock.this) {
                return holder.expiresAt;
            }
        }

        @Override
        public boolean renew(Duration ttl) {
            requirePositive(ttl);
            synchronized (InJvmBackupLock.this) {
                Instant now = clock.instant();
                // An expired lease is lost even if nobody took it yet: its holder cannot know it was safe meanwhile.
                if (held.get(tenantId) != holder || !holder.expiresAt.isAfter(now)) {
                    return false;
                }
                holder.expiresAt = now.plus(ttl);
                return true;
            }
        }

        @Override
        public boolean stillHeld() {
            synchronized (InJvmBackupLock.this) {
                return held.get(tenantId) == holder && tokens.get(tenantId) == holder.token
                        && holder.expiresAt.isAfter(clock.instant());
            }
        }

        @Override
        public void release() {
            synchronized (InJvmBackupLock.this) {
                if (held.get(tenantId) == holder) {
                    held.remove(tenantId);
                }
            }
        }

        @Override
        public String toString() {
            return "Lease[" + tenantId + ", owner=" + holder.owner + ", token=" + holder.token + "]";
        }
    }
}
