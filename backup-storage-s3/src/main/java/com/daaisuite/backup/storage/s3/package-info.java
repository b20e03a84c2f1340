/**
 * Storage of backups on Amazon S3 and S3-compatible stores:
 * {@link com.daaisuite.backup.storage.s3.S3StorageBackend}, built from the host's {@code S3Client}, or
 * from an {@code s3://bucket/prefix} URI through
 * {@link com.daaisuite.backup.storage.s3.S3StorageBackendFactory} (found by {@link java.util.ServiceLoader}).
 */
package com.daaisuite.backup.storage.s3;
