package com.daaisuite.backup.core.spi;

/**
 * Facts about a database server.
 *
 * @param product for example {@code MongoDB}
 * @param version the server version, such as {@code 7.0.12}
 * @param topology for example {@code standalone} or {@code replicaSet}
 * @param pointInTimeDumps whether dumps from this server are point-in-time consistent
 */
public record ServerFacts(String product, String version, String topology, boolean pointInTimeDumps) {}
