package com.daaisuite.backup.crypto.internal;

import com.daaisuite.backup.ConfigurationException;
import com.daaisuite.backup.crypto.KeyId;
import com.daaisuite.backup.crypto.MasterKey;
import com.daaisuite.backup.crypto.spi.KeyProvider;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Asks a host supplier for the provider on every call, so that a key rotated in the host's
 * configuration takes effect at the next backup or restore without rebuilding {@code Backups}.
 */
public final class SupplierKeyProvider implements KeyProvider {
    private final Supplier<? extends KeyProvider> supplier;

    /** @param supplier returns the provider to use now; called on every key lookup, so it must be cheap */
    public SupplierKeyProvider(Supplier<? extends KeyProvider> supplier) {
        this.supplier = Objects.requireNonNull(supplier, "supplier");
    }

    private KeyProvider now() {
        KeyProvider p = supplier.get();
        if (p == null) {
            throw new ConfigurationException("The host's key provider supplier returned null; it must always return a "
                    + "provider (one without a current key stands for 'no key configured')");
        }
        return p;
    }

    @Override
    public Optional<MasterKey> currentKey() {
        return now().currentKey();
    }

    @Override
    public Optional<MasterKey> keyById(KeyId id) {
        return now().keyById(id);
    }

    @Override
    public Set<KeyId> knownKeyIds() {
        return now().knownKeyIds();
    }

    @Override
    public String describe() {
        return now().describe();
    }

    @Override
    public String howToConfigureKey() {
        return now().howToConfigureKey();
    }

    @Override
    public String howToAddRetiredKey() {
        return now().howToAddRetiredKey();
    }

    @Override
    public String toString() {
        return "SupplierKeyProvider[" + describe() + "]";
    }
}
