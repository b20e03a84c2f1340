package com.daaisuite.backup.testing.lock;

import com.daaisuite.backup.core.internal.InJvmBackupLock;
import com.daaisuite.backup.core.spi.BackupLock;
import java.time.Clock;

/** Core's in-JVM lock meets the lock contract. */
class InJvmBackupLockTest extends BackupLockContract {
    @Override
    protected BackupLock createLock(Clock clock) {
        return new InJvmBackupLock(clock);
    }
}
