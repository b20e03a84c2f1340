package com.daaisuite.backup.crypto;

import com.daaisuite.backup.crypto.internal.EnvironmentKeyProvider;
import com.daaisuite.backup.crypto.internal.KeyProviderResolver;
import com.daaisuite.backup.crypto.internal.StaticKeyProvider;
import com.daaisuite.backup.crypto.spi.KeyProvider;
import com.daaisuite.backup.crypto.spi.KeyProviderFactory;
import java.util.Arrays;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * Resolves {@link KeyProvider}s from URIs ({@code env:}, {@code env:MY_VAR}, ...) through {@link
 * java.util.ServiceLoader}, and builds the built-in ones.
 *
 * <p>Built in: {@code env:} reads the current key from {@code BACKUP_ENCRYPTION_KEY} and retired
 * keys from {@code BACKUP_ENCRYPTION_KEYS_RETIRED}; {@code env:NAME} reads {@code NAME} and {@code
 * NAME_RETIRED}. Keys are 32 bytes written as base64 or 64 hex digits; retired keys are separated by
 * commas. Variables are read once, when the provider is made, so a malformed key fails at start-up.
 * Because {@link java.net.URI} cannot hold an empty scheme-specific part, a URI with nothing after
 * the colon reaches its factory as {@code scheme:/}.
 */
public final class KeyProviders {
    /** The variable holding the current key (32 bytes, base64 or 64 hex digits). */
    public static final String CURRENT_KEY_VARIABLE = "BACKUP_ENCRYPTION_KEY";
    /** The variable holding retired keys, comma separated. */
    public static final String RETIRED_KEYS_VARIABLE = "BACKUP_ENCRYPTION_KEYS_RETIRED";

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
        return KeyProviderResolver.resolve(uri,
                ServiceLoader.load(KeyProviderFactory.class, KeyProviders.class.getClassLoader()));
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
        return fromEnvironment(System::getenv);
    }

    /**
     * The environment provider reading its variables through {@code lookup}: the one parser of
     * {@value #CURRENT_KEY_VARIABLE} and {@value #RETIRED_KEYS_VARIABLE}, for hosts and tools that
     * hold the environment themselves (a command line's injectable environment, a test).
     *
     * @param lookup returns a variable's value, or null when it is not set
     * @return the provider
     * @throws MalformedKeyException if a variable is set but holds a malformed or weak key (the message
     *     names the variable and the entry, never the value)
     */
    public static KeyProvider fromEnvironment(Function<String, String> lookup) {
        return EnvironmentKeyProvider.create(java.util.Objects.requireNonNull(lookup, "lookup"), CURRENT_KEY_VARIABLE,
                RETIRED_KEYS_VARIABLE);
    }

    /**
     * A fixed keyring for hosts that keep keys elsewhere (a vault, a KMS).
     *
     * @param current the key new archives are made with, or null for decrypt-only
     * @param retired keys that may still decrypt older archives
     * @return the provider
     */
    public static KeyProvider of(MasterKey current, MasterKey... retired) {
        return new StaticKeyProvider(current, Arrays.asList(retired.clone()), "static keyring");
    }
}
