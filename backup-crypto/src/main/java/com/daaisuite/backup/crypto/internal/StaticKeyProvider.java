package com.daaisuite.backup.crypto.internal;

import com.daaisuite.backup.crypto.KeyId;
import com.daaisuite.backup.crypto.MasterKey;
import com.daaisuite.backup.crypto.spi.KeyProvider;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** An immutable keyring: one optional current key and any number of retired keys. */
public class StaticKeyProvider implements KeyProvider {
    private final MasterKey current;
    private final Map<KeyId, MasterKey> byId;
    private final String description;

    /**
     * @param current the key for new archives, or null
     * @param retired decrypt-only keys; null entries are refused
     * @param description what {@link #describe()} says, before the key ids
     */
    public StaticKeyProvider(MasterKey current, List<MasterKey> retired, String description) {
        this.current = current;
        Map<KeyId, MasterKey> m = new LinkedHashMap<>();
        if (current != null) {
            m.put(current.id(), current);
        }
        for (MasterKey k : retired) {
            if (k == null) {
                throw new NullPointerException("a retired key is null");
            }
            m.putIfAbsent(k.id(), k);
        }
        this.byId = Collections.unmodifiableMap(m);
        this.description = description;
    }

    @Override
    public Optional<MasterKey> currentKey() {
        return Optional.ofNullable(current);
    }

    @Override
    public Optional<MasterKey> keyById(KeyId id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public Set<KeyId> knownKeyIds() {
        return byId.keySet();
    }

    @Override
    public String describe() {
        int retired = byId.size() - (current == null ? 0 : 1);
        return description + " (current key id " + (current == null ? "none" : current.id()) + ", "
                + retired + " retired key" + (retired == 1 ? "" : "s") + ")";
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + describe() + ", known key ids " + byId.keySet() + "]";
    }
}
