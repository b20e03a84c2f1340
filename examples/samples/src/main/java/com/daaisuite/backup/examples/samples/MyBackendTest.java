package com.daaisuite.backup.examples.samples;

import com.daaisuite.backup.core.spi.StorageBackend;
import com.daaisuite.backup.storage.fs.FileSystemStorageBackend;
import com.daaisuite.backup.testing.storage.StorageBackendContract;
import java.nio.file.Path;

// The StorageBackendContract Javadoc sample (see Samples for the rules).
// sample: StorageBackendContract Javadoc
class MyBackendTest extends StorageBackendContract {
    static final StorageBackend BACKEND = FileSystemStorageBackend.at(Path.of("target/contract"));
    @Override protected StorageBackend backend() { return BACKEND; }
    @Override protected boolean reportsFreeSpace() { return true; }
}
// end-sample
