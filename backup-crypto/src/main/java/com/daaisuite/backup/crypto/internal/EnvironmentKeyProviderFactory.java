package com.daaisuite.backup.crypto.internal;

import com.daaisuite.backup.ConfigurationException;
import com.daaisuite.backup.crypto.spi.KeyProvider;
import com.daaisuite.backup.crypto.spi.KeyProviderFactory;
import java.net.URI;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Serves {@code env:} (the default variables) and {@code env:NAME} (current key in NAME, retired
 * keys in NAME_RETIRED).
 */
public final class EnvironmentKeyProviderFactory implements KeyProviderFactory {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Function<String, String> env;

    /** The ServiceLoader constructor: reads the process environment. */
    public EnvironmentKeyProviderFactory() {
        this(System::getenv);
    }

    /** @param env the variable lookup, injectable for tests */
    public EnvironmentKeyProviderFactory(Function<String, String> env) {
        this.env = env;
    }

    @Override
    public String scheme() {
        return "env";
    }

    @Override
    public KeyProvider create(URI uri) {
        if (!"env".equalsIgnoreCase(uri.getScheme())) {
            throw new ConfigurationException("The environment key provider serves env: URIs only, not "
                    + uri.getScheme() + ":");
        }
        String name = uri.getSchemeSpecificPart();
        if (name == null || name.isEmpty() || name.equals("/")) {
            name = EnvironmentKeyProvider.DEFAULT_VARIABLE;
        }
        if (!NAME.matcher(name).matches()) {
            throw new ConfigurationException("Key provider URI env:<VARIABLE> needs an environment variable name"
                    + " (letters, digits, underscores), such as env:BACKUP_ENCRYPTION_KEY; the name given is not one.");
        }
        return EnvironmentKeyProvider.create(env, name, EnvironmentKeyProvider.retiredVariableFor(name));
    }

    @Override
    public String toString() {
        return "EnvironmentKeyProviderFactory[scheme=env]";
    }
}
