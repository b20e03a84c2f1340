/**
 * Streaming codec for the mongodump archive format ({@code mongodump --archive}) and reader for a
 * packed {@code mongodump --out} folder. Unsupported; may change without notice.
 *
 * <p>The readers trust no length from their input: every length is checked against
 * {@link com.daaisuite.backup.mongo.internal.archive.ArchiveLimits} before anything is allocated,
 * and every violation of the format is a
 * {@link com.daaisuite.backup.core.PayloadCorruptException} naming the byte offset and namespace.
 */
package com.daaisuite.backup.mongo.internal.archive;
