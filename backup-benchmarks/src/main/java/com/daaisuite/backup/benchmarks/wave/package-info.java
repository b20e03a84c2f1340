/**
 * The 01:00 wave: a fleet of tenants on the default schedule, all due in the same minute, backed up
 * by one node and then by three nodes sharing a lock and a storage, against mongo-java-server in its
 * own JVM, while a steady application workload runs on other databases. Measures the time until
 * every tenant is backed up, the heap, and the application's latency against idle, without and with
 * the node's read-rate budget. Run with {@code backup-benchmarks/run-wave.sh}; method and results are
 * in {@code docs/performance.md}, "The 01:00 wave".
 */
package com.daaisuite.backup.benchmarks.wave;
