/**
 * Internals of the S3 backend: the streaming multipart upload, error translation and the bucket
 * location. Unsupported and subject to change without notice; use
 * {@link com.daaisuite.backup.storage.s3.S3StorageBackend} instead.
 */
package com.daaisuite.backup.storage.s3.internal;
