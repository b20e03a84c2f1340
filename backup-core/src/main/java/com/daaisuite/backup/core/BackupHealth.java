package com.daaisuite.backup.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether a tenant's backups (or all tenants' together) are healthy, framework-neutral: the state a
 * dashboard, a load balancer's health endpoint or the screen's banner shows, and the reasons an operator can
 * act on. Compute one from a {@link BackupStatus} the host already has with {@link #of}, or let
 * {@link BackupHealthCheck} ask the library.
 *
 * @param tenantId the tenant, or empty for the overall health of several
 * @param state the worst state found
 * @param reasons what is wrong and what to do, worst first; for {@link State#OK} only notes (a suspended tenant)
 * @param checkedAt when it was computed
 * @param tenants for the overall health, every tenant's own health, worst first; empty for one tenant
 */
public record BackupHealth(Optional<String> tenantId, State state, List<String> reasons, Instant checkedAt,
        List<BackupHealth> tenants) {

    /** How long past its due time a scheduled backup may be before the tenant is {@link State#LATE}, by default. */
    public static final Duration DEFAULT_GRACE = Duration.ofHours(3);

    /** How many tenant ids an overall reason names before it says "and N more". */
    static final int NAMED_TENANTS = 10;

    /** The health states, declared from the worst to the best: the overall state is the worst tenant's. */
    public enum State {
        /**
         * The storage could not be listed: nothing is known about the backups, and new ones will fail. Check that
         * the storage is reachable and readable with the configured credentials.
         */
        STORAGE_UNREADABLE,
        /**
         * No usable encryption key: new backups fail, or are written in plaintext where the host allowed that (the
         * yellow banner). The reason says how to configure the key, in the key provider's terms.
         */
        KEY_MISSING,
        /** The last backup failed (on this instance, since the last success); the reason carries its message. */
        FAILING,
        /** The last restore drill of a snapshot did not prove it restorable. */
        DRILL_FAILED,
        /** The last scheduled backup is older than the schedule allows: its due time plus the grace has passed. */
        LATE,
        /** Nothing to act on. */
        OK
    }

    public BackupHealth {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(checkedAt, "checkedAt");
        reasons = List.copyOf(reasons);
        tenants = List.copyOf(tenants);
    }

    /** @return true for {@link State#OK} */
    public boolean ok() {
        return state == State.OK;
    }

    /**
     * The last restore drill of a tenant, as far as health needs it ({@link DrillResult#verdict()}).
     *
     * @param passed whether the snapshot proved restorable
     * @param at when the drill ran
     * @param fileName which snapshot it restored
     * @param detail why it failed, or a summary when it passed
     */
    public record DrillVerdict(boolean passed, Instant at, String fileName, String detail) {
        public DrillVerdict {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(fileName, "fileName");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /**
     * One tenant's health from its status.
     *
     * @param status the tenant's status ({@code backups.status(actor, tenantId)})
     * @param now the time to judge lateness at
     * @param grace how long past its due time the scheduled backup may be ({@link #DEFAULT_GRACE})
     * @param lastDrill the tenant's last restore drill, if any ({@link BackupStatus#lastDrill()})
     * @return the health, with every problem found as a reason, worst first
     */
    public static BackupHealth of(BackupStatus status, Instant now, Duration grace, Optional<DrillVerdict> lastDrill) {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(grace, "grace");
        Objects.requireNonNull(lastDrill, "lastDrill");
        String id = status.tenantId();
        Map<State, String> found = new EnumMap<>(State.class);
        if (!status.keyConfigured()) {
            found.put(State.KEY_MISSING, "No usable encryption key for the backups of " + id + ": "
                    + status.keyProblem().orElse("configure the master key, then reload the key provider."));
        }
        status.lastFailure().ifPresent(f -> found.put(State.FAILING, "The last backup of " + id + " failed: " + f
                + (f.endsWith(".") ? "" : ".") + " It is retried at the next scheduled run; Backup Now tries at once."));
        lastDrill.filter(d -> !d.passed()).ifPresent(d -> found.put(State.DRILL_FAILED, "The restore drill of " + d.fileName()
                + " at " + d.at() + " failed: " + d.detail() + ". Do not rely on that snapshot: verify it and take a new backup."));
        Instant lateAt = status.nextDue().plus(grace);
        if (status.active() && now.isAfter(lateAt)) {
            found.put(State.LATE, "The scheduled backup of " + id + " due at " + status.nextDue() + " has not been taken ("
                    + hours(Duration.between(status.nextDue(), now)) + " late; last snapshot "
                    + status.lastSnapshot().map(s -> s.fileName()).orElse("none") + "). Check that the host's scheduler "
                    + "calls runDue and that backups of this tenant succeed.");
        }
        List<String> reasons = new ArrayList<>(found.values());
        State state = found.isEmpty() ? State.OK : found.keySet().iterator().next();
        if (!status.active()) {
            reasons.add("Tenant " + id + " is suspended: no scheduled backups are taken, so it is never late.");
        }
        return new BackupHealth(Optional.of(id), state, reasons, now, List.of());
    }

    /**
     * The overall health of several tenants: the worst state, one reason per state found naming its tenants,
     * and every tenant's own health (worst first).
     *
     * @param tenants the tenants' healths
     * @param now when it was computed
     * @return the overall health; {@link State#OK} for no tenants
     */
    public static BackupHealth overall(List<BackupHealth> tenants, Instant now) {
        List<BackupHealth> sorted = tenants.stream().sorted(Comparator.comparing(BackupHealth::state)).toList();
        Map<State, List<String>> byState = new EnumMap<>(State.class);
        for (BackupHealth h : sorted) {
            if (!h.ok()) {
                byState.computeIfAbsent(h.state(), k -> new ArrayList<>()).add(h.tenantId().orElse("?"));
            }
        }
        List<String> reasons = new ArrayList<>();
        byState.forEach((state, ids) -> reasons.add(ids.size() + " of " + tenants.size() + " tenants " + state + ": "
                + String.join(", ", ids.subList(0, Math.min(NAMED_TENANTS, ids.size())))
                + (ids.size() > NAMED_TENANTS ? " and " + (ids.size() - NAMED_TENANTS) + " more" : "")
                + " (each tenant's reasons say what to do)"));
        State state = byState.isEmpty() ? State.OK : byState.keySet().iterator().next();
        return new BackupHealth(Optional.empty(), state, reasons, now, sorted);
    }

    private static String hours(Duration d) {
        long h = d.toHours();
        return h >= 1 ? h + " h" : d.toMinutes() + " min";
    }
}
