package com.daaisuite.backup.web;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Background work reported by job id. Ids are random (128 bits), and a job is only ever shown to the
 * workspace that started it, so guessing or leaking an id tells another workspace nothing. Finished
 * jobs are kept an hour for the page to read their outcome, then forgotten.
 */
final class Jobs {
    static final Duration KEEP_FINISHED = Duration.ofHours(1);
    static final int MAX_JOBS = 1_000;

    /** One job: its owner, kind and a live view of its state as JSON. */
    static final class Job {
        final String id;
        final String tenantId;
        final String kind;
        final Instant startedAt;
        final Supplier<Map<String, Object>> view;
        volatile Instant finishedAt;

        Job(String id, String tenantId, String kind, Instant startedAt, Supplier<Map<String, Object>> view) {
            this.id = id;
            this.tenantId = tenantId;
            this.kind = kind;
            this.startedAt = startedAt;
            this.view = view;
        }
    }

    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;

    Jobs(Clock clock) {
        this.clock = clock;
    }

    String newId() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    Job add(String id, String tenantId, String kind, Supplier<Map<String, Object>> view) {
        sweep();
        if (jobs.size() >= MAX_JOBS) {
            throw new WebError(503, "too_many_jobs", "Too many background jobs are being tracked. Wait a minute and try again.");
        }
        Job job = new Job(id, tenantId, kind, clock.instant(), view);
        jobs.put(id, job);
        return job;
    }

    void finished(Job job) {
        job.finishedAt = clock.instant();
    }

    /** The job, only for the workspace that owns it: another workspace gets the same answer as a wrong id. */
    Optional<Job> find(String id, String tenantId) {
        Job j = jobs.get(id);
        return j != null && j.tenantId.equals(tenantId) ? Optional.of(j) : Optional.empty();
    }

    private void sweep() {
        Instant cutoff = clock.instant().minus(KEEP_FINISHED);
        jobs.values().removeIf(j -> j.finishedAt != null && j.finishedAt.isBefore(cutoff));
    }
}
