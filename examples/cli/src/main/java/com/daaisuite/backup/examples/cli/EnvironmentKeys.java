package com.daaisuite.backup.examples.cli;

import com.daaisuite.backup.crypto.KeyId;
import com.daaisuite.backup.crypto.KeyProviders;
import com.daaisuite.backup.crypto.MalformedKeyException;
import com.daaisuite.backup.crypto.MasterKey;
import com.daaisuite.backup.crypto.spi.KeyProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The same contract as {@link KeyProviders#fromEnvironment()} ({@code BACKUP_ENCRYPTION_KEY}, and
 * comma-separated {@code BACKUP_ENCRYPTION_KEYS_RETIRED}), read from an injectable map so that
 * tests can pass keys without touching the real process environment.
 */
final class EnvironmentKeys implements KeyProvider {
    static final String CURRENT = "BACKUP_ENCRYPTION_KEY";
    static final String RETIRED = "BACKUP_ENCRYPTION_KEYS_RETIRED";

    private final KeyProvider keys;

    private EnvironmentKeys(KeyProvider keys) {
        this.keys = keys;
    }

    /**
     * @param env the variables
     * @return the provider; a missing current key is not an error here (commands that need one fail with
     *     the library's KeyMissingException)
     * @throws MalformedKeyException naming the variable, never echoing its value
     */
    static EnvironmentKeys from(Map<String, String> env) {
        MasterKey current = null;
        String currentText = env.get(CURRENT);
        if (currentText != null && !currentText.isBlank()) {
            current = parse(currentText, "Environment variable " + CURRENT);
        }
        List<MasterKey> retired = new ArrayList<>();
        String retiredText = env.get(RETIRED);
        if (retiredText != null && !retiredText.isBlank()) {
            String[] parts = retiredText.split(",", -1);
            for (int i = 0; i < parts.length; i++) {
                if (parts[i].isBlank()) {
                    throw new MalformedKeyException("Environment variable " + RETIRED + ": entry " + (i + 1) + " of "
                            + parts.length + " is empty; separate retired keys with single commas.");
                }
                retired.add(parse(parts[i], "Environment variable " + RETIRED + ", entry " + (i + 1) + " of " + parts.length));
            }
        }
        return new EnvironmentKeys(KeyProviders.of(current, retired.toArray(MasterKey[]::new)));
    }

    private static MasterKey parse(String text, String where) {
        try {
            return MasterKey.parse(text);
        } catch (MalformedKeyException e) {
            throw new MalformedKeyException(where + ": " + e.getMessage());
        }
    }

    @Override
    public Optional<MasterKey> currentKey() {
        return keys.currentKey();
    }

    @Override
    public Optional<MasterKey> keyById(KeyId id) {
        return keys.keyById(id);
    }

    @Override
    public Set<KeyId> knownKeyIds() {
        return keys.knownKeyIds();
    }

    @Override
    public String describe() {
        return "environment variables " + CURRENT + " and " + RETIRED;
    }

    @Override
    public String howToConfigureKey() {
        return "Set the environment variable " + CURRENT + " to the key. " + MasterKey.howToMakeOne() + ".";
    }

    @Override
    public String howToAddRetiredKey() {
        return "Add the key the archive was made with to the environment variable " + RETIRED + " (comma separated).";
    }

    @Override
    public String toString() {
        return "EnvironmentKeys[" + knownKeyIds() + "]";
    }
}
