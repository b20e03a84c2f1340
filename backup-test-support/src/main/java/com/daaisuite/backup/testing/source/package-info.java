/**
 * Test support for {@link com.daaisuite.backup.core.spi.DatabaseSource}: the contract suite every
 * source extends ({@link com.daaisuite.backup.testing.source.DatabaseSourceContract}) and an honest
 * in-memory source ({@link com.daaisuite.backup.testing.source.InMemoryDatabaseSource}) for tests and
 * demos.
 */
package com.daaisuite.backup.testing.source;
