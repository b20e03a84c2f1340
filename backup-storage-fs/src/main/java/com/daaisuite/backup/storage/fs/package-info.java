/**
 * A {@link com.daaisuite.backup.core.spi.StorageBackend} on a local or network-mounted directory:
 * {@link com.daaisuite.backup.storage.fs.FileSystemStorageBackend}, also found through
 * {@link java.util.ServiceLoader} for {@code file:} URIs
 * ({@link com.daaisuite.backup.storage.fs.FileSystemStorageBackendFactory}).
 *
 * <p>Layout: {@code <root>/<tenant>/db-backups/<file>}. Uploads are written to a hidden temporary
 * file in the same folder and published atomically and create-only on commit.
 */
package com.daaisuite.backup.storage.fs;
