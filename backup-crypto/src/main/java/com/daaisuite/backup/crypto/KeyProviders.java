package com.daaisuite.backup.crypto;

import com.daaisuite.backup.crypto.spi.KeyProvider;

/**
 * Resolves {@link KeyProvider}s from URIs ({@code env:}, {@code env:MY_VAR}, ...) through {@link
 * java.util.ServiceLoader}, and builds the built-in ones.
 */
public final class KeyProviders {
    private KeyProviders() {}

    /**
     * Resolves a provider from a URI. Two factories claiming the URI's scheme is an error.
     *
     * @param uri for example {@code env:} (reads {@code BACKUP_ENCRYPTION_KEY} and {@code
     *     BACKUP_ENCRYPTION_KEYS_RETIRED}) or {@code env:MY_VAR}
     * @return the provider
     * @throws com.daaisuite.backup.ConfigurationException if no factory or several serve the scheme
     */
    public static KeyProvider fromUri(String uri) {
        throw new IllegalStateException("key provider resolution is being written");
    }

    /**
     * The environment provider: current key from {@code BACKUP_ENCRYPTION_KEY}, retired keys from
     * {@code BACKUP_ENCRYPTION_KEYS_RETIRED} (comma separated). A missing variable is not an error:
     * {@link KeyProvider#currentKey()} is then empty.
     *
     * @return the provider
     * @throws MalformedKeyException if a variable is set but holds a malformed or weak key
     */
    public static KeyProvider fromEnvironment() {
        throw new IllegalStateException("environment key provider is being written");
    }

    /**
     * A fixed keyring for hosts that keep keys elsewhere (a vault, a KMS).
     *
     * @param current the key new archives are made with, or null for decrypt-only
     * @param retired keys that may still decrypt older archives
     * @return the provider
     */
    public static KeyProvider of(MasterKey current, MasterKey... retired) {
        throw new IllegalStateException("static key provider is being written");
    }
}
