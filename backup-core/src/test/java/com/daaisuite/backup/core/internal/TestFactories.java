package com.daaisuite.backup.core.internal;

import com.daaisuite.backup.core.spi.StorageBackend;
import com.daaisuite.backup.core.spi.StorageBackendFactory;
import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.core.spi.StorageObject;
import com.daaisuite.backup.core.spi.StorageUpload;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/** Storage factories registered for {@link PluginsTest}. */
public final class TestFactories {
    private TestFactories() {}

    static StorageBackend describing(String d) {
        return new StorageBackend() {
            @Override
            public StorageUpload openUpload(StorageKey key) throws IOException {
                throw new IOException("not a real backend");
            }

            @Override
            public InputStream openRead(StorageKey key) throws IOException {
                throw new IOException("not a real backend");
            }

            @Override
            public List<StorageObject> list(String tenantId) {
                return List.of();
            }

            @Override
            public void delete(Collection<StorageKey> keys) {}

            @Override
            public String describe() {
                return d;
            }
        };
    }

    /** Serves {@code fake:}. */
    public static final class Fake implements StorageBackendFactory {
        @Override
        public Set<String> schemes() {
            return Set.of("fake");
        }

        @Override
        public StorageBackend create(URI uri) {
            return describing(uri.toString());
        }
    }

    /** Claims {@code dup:}. */
    public static final class DupA implements StorageBackendFactory {
        @Override
        public Set<String> schemes() {
            return Set.of("dup");
        }

        @Override
        public StorageBackend create(URI uri) {
            return describing("a");
        }
    }

    /** Also claims {@code dup:}. */
    public static final class DupB implements StorageBackendFactory {
        @Override
        public Set<String> schemes() {
            return Set.of("dup");
        }

        @Override
        public StorageBackend create(URI uri) {
            return describing("b");
        }
    }
}
