package com.daaisuite.backup.crypto.internal;

import com.daaisuite.backup.ConfigurationException;
import com.daaisuite.backup.crypto.spi.KeyProvider;
import com.daaisuite.backup.crypto.spi.KeyProviderFactory;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Chooses the one factory that serves a URI's scheme; the factories are given, so tests need no class path tricks. */
public final class KeyProviderResolver {
    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*");

    private KeyProviderResolver() {}

    /**
     * @param text the URI text; only its scheme ever appears in a message, since URIs may carry secrets
     * @param factories every factory found
     * @return the provider
     */
    public static KeyProvider resolve(String text, Iterable<KeyProviderFactory> factories) {
        if (text == null) {
            throw new ConfigurationException("The key provider URI is missing; use env: for BACKUP_ENCRYPTION_KEY.");
        }
        int colon = text.indexOf(':');
        String scheme = colon < 0 ? "" : text.substring(0, colon);
        if (!SCHEME.matcher(scheme).matches()) {
            throw new ConfigurationException("A key provider URI starts with a scheme and a colon, such as env: or"
                    + " env:MY_VAR; the value given has no valid scheme.");
        }
        String lower = scheme.toLowerCase(Locale.ROOT);
        Map<String, List<KeyProviderFactory>> byScheme = new TreeMap<>();
        for (KeyProviderFactory f : factories) {
            byScheme.computeIfAbsent(f.scheme().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(f);
        }
        List<KeyProviderFactory> matching = byScheme.getOrDefault(lower, List.of());
        if (matching.isEmpty()) {
            throw new ConfigurationException("No key provider serves the URI scheme '" + lower
                    + ":'. Known schemes: " + (byScheme.isEmpty() ? "none" : String.join(", ", byScheme.keySet()))
                    + ". Use one of them, or add the module that provides '" + lower + ":' to the class path.");
        }
        if (matching.size() > 1) {
            List<String> names = new ArrayList<>();
            for (KeyProviderFactory f : matching) {
                names.add(f.getClass().getName());
            }
            throw new ConfigurationException("Several key provider factories claim the URI scheme '" + lower + ":': "
                    + String.join(", ", names) + ". Refusing to choose one, since a stray factory could receive keys;"
                    + " remove all but one from the class path.");
        }
        String rest = text.substring(colon + 1);
        URI uri;
        try {
            // java.net.URI cannot hold an empty scheme-specific part, so "env:" reaches the factory as "env:/".
            uri = new URI(lower + ":" + (rest.isEmpty() ? "/" : rest));
        } catch (URISyntaxException e) {
            throw new ConfigurationException("The key provider URI for scheme '" + lower + ":' is not a valid URI"
                    + " (at index " + e.getIndex() + ").");
        }
        return matching.get(0).create(uri);
    }
}
