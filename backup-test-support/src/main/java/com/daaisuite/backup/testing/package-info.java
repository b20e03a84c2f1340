/**
 * Shared test helpers for daai-backup and its hosts: a {@link com.daaisuite.backup.testing.RecordingListener}
 * that keeps every event (the settable clock is {@link com.daaisuite.backup.time.MutableClock} in
 * {@code backup-api}; the alias here is deprecated). The contract suites live in the sub-packages {@code source}, {@code lock}
 * and {@code storage}.
 *
 * <p>Published for plugin authors and hosts; like the SPI it serves, it may evolve faster than the API.
 */
package com.daaisuite.backup.testing;
