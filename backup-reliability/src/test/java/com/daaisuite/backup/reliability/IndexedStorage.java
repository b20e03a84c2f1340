package com.daaisuite.backup.reliability;

import com.daaisuite.backup.core.spi.StorageBackend;
import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.core.spi.StorageObject;
import com.daaisuite.backup.core.spi.StorageUpload;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * One shared storage for many simulated nodes: an {@link com.daaisuite.backup.testing.storage.InMemoryStorageBackend}
 * (create-only commits, fault injection) with a per-tenant index of what it committed, so that
 * listing a tenant does not scan every tenant's objects (the in-memory backend's list is a full scan,
 * which made 500 tenants x 1,440 ticks x 3 nodes quadratic). Only objects written through this
 * wrapper are listed, which is all of them in the tests that use it.
 */
final class IndexedStorage implements StorageBackend {
    private final StorageBackend delegate;
    private final Map<String, ConcurrentSkipListMap<String, StorageObject>> index = new ConcurrentHashMap<>();

    IndexedStorage(StorageBackend delegate) {
        this.delegate = delegate;
    }

    @Override
    public StorageUpload openUpload(StorageKey key) throws IOException {
        StorageUpload up = delegate.openUpload(key);
        return new StorageUpload() {
            @Override
            public void write(int b) throws IOException {
                up.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                up.write(b, off, len);
            }

            @Override
            public StorageObject commit() throws IOException {
                StorageObject o = up.commit();
                index.computeIfAbsent(key.tenantId(), t -> new ConcurrentSkipListMap<>()).put(key.fileName(), o);
                return o;
            }

            @Override
            public void abort() {
                up.abort();
            }

            @Override
            public void close() {
                up.close();
            }
        };
    }

    @Override
    public InputStream openRead(StorageKey key) throws IOException {
        return delegate.openRead(key);
    }

    @Override
    public List<StorageObject> list(String tenantId) {
        StorageKey.requireValidTenantId(tenantId);
        Map<String, StorageObject> m = index.get(tenantId);
        return m == null ? List.of() : new ArrayList<>(m.values());
    }

    @Override
    public void delete(Collection<StorageKey> keys) throws IOException {
        delegate.delete(keys);
        for (StorageKey k : keys) {
            Map<String, StorageObject> m = index.get(k.tenantId());
            if (m != null) {
                m.remove(k.fileName());
            }
        }
    }

    @Override
    public String describe() {
        return delegate.describe();
    }
}
