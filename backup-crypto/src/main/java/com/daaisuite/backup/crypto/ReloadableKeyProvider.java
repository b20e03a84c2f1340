package com.daaisuite.backup.crypto;

import com.daaisuite.backup.ConfigurationException;
import com.daaisuite.backup.crypto.spi.KeyProvider;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A key provider whose keys the host replaces at run time, on a configuration reload, without rebuilding
 * {@code Backups}: the next backup uses the new current key, and archives made with the old one stay readable
 * once it is listed as retired. Made by {@link KeyProviders#reloadable(KeyProvider)}.
 *
 * <pre>{@code
 * ReloadableKeyProvider keys = KeyProviders.reloadable(
 *         KeyProviders.fromConfiguration(currentKey, retiredKeys, "backup.encryption.key"));
 * Backups.builder().keys(keys);
 * // on a configuration reload (a malformed key throws here, and the keys in use stay):
 * keys.reload(KeyProviders.fromConfiguration(newKey, currentKey, "backup.encryption.key"));
 * }</pre>
 *
 * <p>{@link #reload} refuses a provider that cannot decrypt with the current key it replaces, because every
 * archive made with that key would become unreadable: list the old key as retired, or re-encrypt the archives
 * first ({@code Backups.keyRotation()}). Thread-safe; each lookup sees one provider, never a mix.
 */
public final class ReloadableKeyProvider implements KeyProvider {
    private final AtomicReference<KeyProvider> current;

    ReloadableKeyProvider(KeyProvider initial) {
        this.current = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
    }

    /**
     * Puts {@code next} in place for every later lookup.
     *
     * @param next the provider built from the reloaded configuration
     * @throws ConfigurationException if {@code next} does not know the current key it replaces (naming its key
     *     id, never key material); the keys in use then stay
     */
    public void reload(KeyProvider next) {
        Objects.requireNonNull(next, "next");
        current.updateAndGet(before -> {
            Optional<MasterKey> old = before.currentKey();
            if (old.isPresent() && next.keyById(old.get().id()).isEmpty()) {
                throw new ConfigurationException("The reloaded keys (" + next.describe() + ") do not include the current "
                        + "key " + old.get().id() + ", so archives made with it would become unreadable; the keys in use "
                        + "were kept. " + next.howToAddRetiredKey());
            }
            return next;
        });
    }

    /** @return the provider in use now */
    public KeyProvider inUse() {
        return current.get();
    }

    @Override
    public Optional<MasterKey> currentKey() {
        return current.get().currentKey();
    }

    @Override
    public Optional<MasterKey> keyById(KeyId id) {
        return current.get().keyById(id);
    }

    @Override
    public Set<KeyId> knownKeyIds() {
        return current.get().knownKeyIds();
    }

    @Override
    public String describe() {
        return current.get().describe();
    }

    @Override
    public String howToConfigureKey() {
        return current.get().howToConfigureKey();
    }

    @Override
    public String howToAddRetiredKey() {
        return current.get().howToAddRetiredKey();
    }

    @Override
    public String toString() {
        return "ReloadableKeyProvider[" + describe() + "]";
    }
}
