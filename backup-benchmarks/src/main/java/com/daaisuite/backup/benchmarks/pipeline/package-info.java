/**
 * JMH benchmarks of the backup pipeline's stages: gzip on one thread and as parallel members, the
 * mongodump archive writer and reader, and the whole compress-and-encrypt stage with and without
 * DBK1. Run with {@code java -jar backup-benchmarks/target/benchmarks.jar 'pipeline\.'}; method
 * and results are in {@code docs/performance.md}.
 */
package com.daaisuite.backup.benchmarks.pipeline;
