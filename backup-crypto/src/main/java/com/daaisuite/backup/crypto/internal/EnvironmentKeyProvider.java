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

    private EnvironmentKeyProvider(MasterKey current, List<MasterKey> retired, String description) {
        super(current, retired, description);
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
        List<MasterKey> retired = new ArrayList<>();
        String retiredText = env.apply(retiredVariable);
        if (retiredText != null && !retiredText.isBlank()) {
            String[] parts = retiredText.split(",", -1);
            for (int i = 0; i < parts.length; i++) {
                if (parts[i].isBlank()) {
                    if (parts.length == 1) {
                        break;
                    }
                    throw new MalformedKeyException("Environment variable " + retiredVariable + ": entry " + (i + 1)
                            + " of " + parts.length + " is empty; separate retired keys with single commas. "
                            + MasterKey.howToMakeOne());
                }
                retired.add(parse(parts[i], "Environment variable " + retiredVariable + ", entry " + (i + 1)
                        + " of " + parts.length));
            }
        }
        return new EnvironmentKeyProvider(current, retired,
                "environment variables " + variable + " and " + retiredVariable);
    }

    /**
     * The variable holding retired keys for a current-key variable: {@code BACKUP_ENCRYPTION_KEYS_RETIRED}
     * for the default, {@code NAME_RETIRED} otherwise.
     */
    public static String retiredVariableFor(String variable) {
        return DEFAULT_VARIABLE.equals(variable) ? DEFAULT_RETIRED_VARIABLE : variable + "_RETIRED";
    }

    private static MasterKey parse(String text, String where) {
        try {
            return MasterKey.parse(text);
        } catch (MalformedKeyException e) {
            // MasterKey.parse never echoes the key; prefix where it came from so the operator knows what to fix.
            throw new MalformedKeyException(where + ": " + e.getMessage());
        }
    }
}
