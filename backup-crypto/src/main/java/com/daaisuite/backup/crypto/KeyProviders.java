package com.daaisuite.backup.crypto;

import com.daaisuite.backup.crypto.internal.ConfigurationKeyProvider;
import com.daaisuite.backup.crypto.internal.EnvironmentKeyProvider;
import com.daaisuite.backup.crypto.internal.KeyProviderResolver;
import com.daaisuite.backup.crypto.internal.StaticKeyProvider;
import com.daaisuite.backup.crypto.internal.SupplierKeyProvider;
import com.daaisuite.backup.crypto.spi.KeyProvider;
import com.daaisuite.backup.crypto.spi.KeyProviderFactory;
import java.util.Arrays;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.function.Supplier;

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

    /**
     * Keys from the host's own configuration values, parsed now so that a malformed key fails at
     * start-up. Problems are described in the host's terms: the status banner and the error of a
     * refused backup say "Set the configuration setting {@code settingName} ...", not an
     * environment variable. The retired keys' setting is named {@code settingName + ".retired"}.
     *
     * <pre>{@code
     * KeyProvider keys = KeyProviders.fromConfiguration(
     *         config.getProperty("backup.encryption.key"),
     *         config.getProperty("backup.encryption.key.retired"),
     *         "backup.encryption.key");
     * }</pre>
     *
     * @param current the current key (base64 or 64 hex digits), or null/blank for none
     * @param retiredCsv older keys that may still decrypt archives, comma separated, or null/blank
     * @param settingName the name of the host's setting holding the current key, used in messages
     * @return the provider
     * @throws MalformedKeyException naming the setting (and the entry of the list) that is malformed,
     *     never its text
     */
    public static KeyProvider fromConfiguration(String current, String retiredCsv, String settingName) {
        return fromConfiguration(current, retiredCsv, settingName, settingName == null ? null : settingName + ".retired");
    }

    /**
     * As {@link #fromConfiguration(String, String, String)}, naming the retired keys' setting.
     *
     * @param current the current key, or null/blank for none
     * @param retiredCsv older keys, comma separated, or null/blank
     * @param settingName the current key's setting, used in messages
     * @param retiredSettingName the retired keys' setting, used in messages
     * @return the provider
     * @throws MalformedKeyException naming the setting that is malformed
     */
    public static KeyProvider fromConfiguration(String current, String retiredCsv, String settingName,
            String retiredSettingName) {
        return ConfigurationKeyProvider.create(current, retiredCsv, settingName, retiredSettingName);
    }

    /**
     * A provider that asks {@code supplier} for the provider to use on every key lookup, so that
     * keys rotate at run time without rebuilding {@code Backups} ({@link #reloadable(KeyProvider)} does the
     * bookkeeping below for the host): the next backup uses the new
     * current key, and archives made with the old one stay readable once it is listed as retired.
     * The supplier must be cheap (it is called for every backup, restore and status) and must never
     * return null; keep the parsed provider in a field and replace it when the configuration changes:
     *
     * <pre>{@code
     * AtomicReference<KeyProvider> keys = new AtomicReference<>(
     *         KeyProviders.fromConfiguration(currentKey, retiredKeys, "backup.encryption.key"));
     * Backups.builder().keys(KeyProviders.fromSupplier(keys::get));
     * // on a configuration reload:
     * keys.set(KeyProviders.fromConfiguration(newKey, currentKey, "backup.encryption.key"));
     * }</pre>
     *
     * @param supplier returns the provider to use now
     * @return the provider
     */
    public static KeyProvider fromSupplier(Supplier<? extends KeyProvider> supplier) {
        return new SupplierKeyProvider(supplier);
    }

    /**
     * A provider whose keys the host replaces on a configuration reload with
     * {@link ReloadableKeyProvider#reload(KeyProvider)}, without rebuilding {@code Backups}; the reload refuses
     * keys that would leave archives made with the current key unreadable. The simpler form of
     * {@link #fromSupplier} for the usual case.
     *
     * @param initial the keys to start with
     * @return the provider
     */
    public static ReloadableKeyProvider reloadable(KeyProvider initial) {
        return new ReloadableKeyProvider(initial);
    }
}
