package com.daaisuite.backup.crypto.internal;

import com.daaisuite.backup.crypto.MalformedKeyException;
import com.daaisuite.backup.crypto.MasterKey;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Keys from environment variables, read once when the provider is made so a malformed key fails
 * at start-up rather than at the first backup.
 */
public final class EnvironmentKeyProvider extends StaticKeyProvider {
    /** The default variable holding the current key. */
    public static final String DEFAULT_VARIABLE = "BACKUP_ENCRYPTION_KEY";
    /** The default variable holding retired keys, comma separated. */
    public static final String DEFAULT_RETIRED_VARIABLE = "BACKUP_ENCRYPTION_KEYS_RETIRED";

    private final String variable;
    private final String retiredVariable;

    private EnvironmentKeyProvider(MasterKey current, List<MasterKey> retired, String variable, String retiredVariable) {
        super(current, retired, "environment variables " + variable + " and " + retiredVariable);
        this.variable = variable;
        this.retiredVariable = retiredVariable;
    }

    /**
     * @param env the variable lookup ({@code System::getenv} outside tests)
     * @param variable the current key's variable
     * @param retiredVariable the retired keys' variable
     * @return the provider
     */
    public static EnvironmentKeyProvider create(Function<String, String> env, String variable, String retiredVariable) {
        String currentText = env.apply(variable);
        MasterKey current = null;
        if (currentText != null && !currentText.isBlank()) {
            current = parse(currentText, "Environment variable " + variable);
        }
        List<MasterKey> retired = parseList(env.apply(retiredVariable), "Environment variable " + retiredVariable);
        return new EnvironmentKeyProvider(current, retired, variable, retiredVariable);
    }

    @Override
    public String howToConfigureKey() {
        return "Set the environment variable " + variable + " to the key and restart the application. "
                + MasterKey.howToMakeOne() + ".";
    }

    @Override
    public String howToAddRetiredKey() {
        return "Add the key the archive was made with to the environment variable " + retiredVariable
                + " (comma separated) and restart the application.";
    }

    /**
     * Parses a comma-separated list of keys; blank text is an empty list.
     *
     * @param text the list, or null
     * @param where where it came from, for messages ("Environment variable X")
     * @return the keys
     * @throws MalformedKeyException naming the entry that is empty or malformed (never its text)
     */
    static List<MasterKey> parseList(String text, String where) {
        List<MasterKey> keys = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return keys;
        }
        String[] parts = text.split(",", -1);
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].isBlank()) {
                throw new MalformedKeyException(where + ": entry " + (i + 1) + " of " + parts.length
                        + " is empty; separate retired keys with single commas. " + MasterKey.howToMakeOne());
            }
            keys.add(parse(parts[i], where + ", entry " + (i + 1) + " of " + parts.length));
        }
        return keys;
    }

    /**
     * The variable holding retired keys for a current-key variable: {@code BACKUP_ENCRYPTION_KEYS_RETIRED}
     * for the default, {@code NAME_RETIRED} otherwise.
     */
    public static String retiredVariableFor(String variable) {
        return DEFAULT_VARIABLE.equals(variable) ? DEFAULT_RETIRED_VARIABLE : variable + "_RETIRED";
    }

    static MasterKey parse(String text, String where) {
        try {
            return MasterKey.parse(text);
        } catch (MalformedKeyException e) {
            // MasterKey.parse never echoes the key; prefix where it came from so the operator knows what to fix.
            throw new MalformedKeyException(where + ": " + e.getMessage());
        }
    }
}
