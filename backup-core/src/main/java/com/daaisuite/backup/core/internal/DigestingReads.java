package com.daaisuite.backup.core.internal;

import com.daaisuite.backup.core.spi.StorageBackend;
import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.core.spi.StorageObject;
import com.daaisuite.backup.core.spi.StorageUpload;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;

/**
 * A read-only view of the storage for {@code verify}: the restore's checks ({@link SnapshotChecks})
 * read the archive through it, and it hashes every byte they read, so verify reports the SHA-256 of
 * exactly what was checked. It says a second read is cheap, so the proof never spools: verify
 * never reads twice.
 */
final class DigestingReads implements StorageBackend {
    private final StorageBackend storage;
    private final MessageDigest sha;

    DigestingReads(StorageBackend storage) {
        this.storage = storage;
        try {
            this.sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException x) {
            throw new IllegalStateException("SHA-256 is unavailable in this JVM", x);
        }
    }

    /** @return the SHA-256 of every byte read so far, lower-case hex */
    String sha256() {
        return HexFormat.of().formatHex(sha.digest());
    }

    @Override
    public InputStream openRead(StorageKey key) throws IOException {
        return new DigestInputStream(storage.openRead(key), sha);
    }

    @Override
    public StorageUpload openUpload(StorageKey key) {
        throw new UnsupportedOperationException("verify writes nothing");
    }

    @Override
    public List<StorageObject> list(String tenantId) throws IOException {
        return storage.list(tenantId);
    }

    @Override
    public void delete(Collection<StorageKey> keys) {
        throw new UnsupportedOperationException("verify deletes nothing");
    }

    @Override
    public boolean cheapToReadTwice() {
        return true;
    }

    @Override
    public String describe() {
        return storage.describe();
    }
}
