package com.daaisuite.backup.core.internal;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What this node knows about each tenant right now, for the status line: how many backups or
 * restores of it run here, and the message of its last backup failure (cleared by a success).
 */
public final class TenantActivity {
    private final Map<String, String> lastFailure = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();

    /** Creates an empty record. */
    public TenantActivity() {}

    void started(String tenantId) {
        running.computeIfAbsent(tenantId, k -> new AtomicInteger()).incrementAndGet();
    }

    void finished(String tenantId) {
        running.computeIfPresent(tenantId, (k, v) -> v.decrementAndGet() <= 0 ? null : v);
    }

    boolean running(String tenantId) {
        return running.containsKey(tenantId);
    }

    void failed(String tenantId, String message) {
        lastFailure.put(tenantId, String.valueOf(message));
    }

    void succeeded(String tenantId) {
        lastFailure.remove(tenantId);
    }

    Optional<String> lastFailure(String tenantId) {
        return Optional.ofNullable(lastFailure.get(tenantId));
    }
}
