package com.daaisuite.backup.reliability;

import com.daaisuite.backup.core.spi.StorageBackend;
import com.daaisuite.backup.storage.fs.FileSystemStorageBackend;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The storage-writer suite on a folder. */
class FileSystemStorageWriterTest extends StorageWriterSuite {
    @TempDir
    Path root;

    @Override
    StorageBackend newStorage() {
        return FileSystemStorageBackend.at(root);
    }
}
