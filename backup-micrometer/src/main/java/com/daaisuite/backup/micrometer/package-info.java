/**
 * Micrometer metrics for daai-backup: {@link com.daaisuite.backup.micrometer.BackupMetrics} is a
 * {@link com.daaisuite.backup.core.spi.BackupListener} that turns the library's events into meters on the
 * host's {@code MeterRegistry}. Metric names and the cardinality guard: docs/operations.md, "Metrics and health".
 */
package com.daaisuite.backup.micrometer;
