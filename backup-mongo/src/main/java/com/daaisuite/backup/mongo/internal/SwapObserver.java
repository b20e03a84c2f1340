package com.daaisuite.backup.mongo.internal;

/**
 * Told after each durable step of a restore's journal and swap, with the step's name: {@code journal-loading},
 * {@code staging-created}, {@code staging-verified}, {@code journal-swapping}, {@code set-aside:<n>}, {@code live-views-dropped},
 * {@code renamed:<n>}, {@code views-created}, {@code committed}, {@code aside-dropped:<n>}, {@code marker-dropped}, {@code journal-removed}.
 * The kill-matrix test stops a child process at a chosen step, so that crashes are placed by step, not by timing;
 * the failure matrix throws a server refusal from {@link #before} a chosen step, so that a failing command is placed
 * the same way.
 */
@FunctionalInterface
public interface SwapObserver {
    /** Observes nothing. */
    SwapObserver NONE = step -> { };

    /** @param step the step just completed */
    void reached(String step);

    /**
     * Told just before the command of a swap step is sent (same names as {@link #reached}, and {@code view-tried:<n>}
     * before the snapshot's n-th view is tried under its reserved name); the default does nothing.
     *
     * @param step the step about to run
     */
    default void before(String step) {}
}
