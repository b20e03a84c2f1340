/**
 * JMH benchmarks and small timing harnesses; built with the reactor, run on purpose (see
 * docs/performance.md). {@link com.daaisuite.backup.benchmarks.Dbk1Benchmark} compares the DBK1
 * streams with the JDK's bare AES-GCM; {@link com.daaisuite.backup.benchmarks.Dbk1Ratio} does so
 * interleaved, for noisy machines; {@link com.daaisuite.backup.benchmarks.Dbk1ColdStart} times a
 * fresh JVM.
 */
package com.daaisuite.backup.benchmarks;
