/**
 * Shared test helpers for daai-backup and its hosts: a controllable {@link
 * com.daaisuite.backup.testing.MutableClock} and a {@link com.daaisuite.backup.testing.RecordingListener}
 * that keeps every event. The contract suites live in the sub-packages {@code source}, {@code lock}
 * and {@code storage}.
 *
 * <p>Published for plugin authors and hosts; like the SPI it serves, it may evolve faster than the API.
 */
package com.daaisuite.backup.testing;
