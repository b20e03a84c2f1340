/**
 * The end-to-end harness: a synthetic tenant database in a MongoDB wire-protocol server running in
 * its own process, backed up and restored through the public {@code Backups} API beside the bare
 * references (raw-BSON scan, unordered insertMany loader, gzip and pigz). Run with
 * {@code backup-benchmarks/run-e2e.sh}; method and results are in {@code docs/performance.md}.
 */
package com.daaisuite.backup.benchmarks.e2e;
