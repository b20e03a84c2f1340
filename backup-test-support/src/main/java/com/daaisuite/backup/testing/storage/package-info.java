/**
 * Test support for {@link com.daaisuite.backup.core.spi.StorageBackend}: the contract suite every
 * backend extends ({@link com.daaisuite.backup.testing.storage.StorageBackendContract}) and an honest
 * in-memory backend ({@link com.daaisuite.backup.testing.storage.InMemoryStorageBackend}) for tests
 * and demos.
 *
 * <p>Published for backend authors and hosts; like the SPI it serves, it may evolve faster than the API.
 */
package com.daaisuite.backup.testing.storage;
