/**
 * Test support for {@link com.daaisuite.backup.core.spi.BackupLock}: the contract suite every lock
 * implementation extends ({@link com.daaisuite.backup.testing.lock.BackupLockContract}).
 */
package com.daaisuite.backup.testing.lock;
