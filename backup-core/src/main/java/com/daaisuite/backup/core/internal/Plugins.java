package com.daaisuite.backup.core.internal;

import com.daaisuite.backup.ConfigurationException;
import com.daaisuite.backup.core.spi.DatabaseSource;
import com.daaisuite.backup.core.spi.DatabaseSourceFactory;
import com.daaisuite.backup.core.spi.StorageBackend;
import com.daaisuite.backup.core.spi.StorageBackendFactory;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Function;

/**
 * Finds storage backends and database sources by URI scheme with {@link ServiceLoader}. No match
 * names the module to add; two factories claiming one scheme is an error, never a silent choice.
 */
public final class Plugins {
    private static final Map<String, String> MODULES = Map.of(
            "file", "com.daaisuite.backup:backup-storage-fs",
            "s3", "com.daaisuite.backup:backup-storage-s3",
            "mongodb", "com.daaisuite.backup:backup-mongo",
            "mongodb+srv", "com.daaisuite.backup:backup-mongo");

    private Plugins() {}

    /**
     * @param uri for example {@code mongodb://host:27017}
     * @return a new source from the one factory serving the scheme
     * @throws ConfigurationException if none or several serve it, or the URI is malformed
     */
    public static DatabaseSource source(String uri) {
        URI u = parse(uri, "source");
        DatabaseSourceFactory f = single(DatabaseSourceFactory.class, u, DatabaseSourceFactory::schemes, "source");
        return f.create(u);
    }

    /**
     * @param uri for example {@code file:/var/daai/backups} or {@code s3://bucket/prefix}
     * @return a new backend from the one factory serving the scheme
     * @throws ConfigurationException if none or several serve it, or the URI is malformed
     */
    public static StorageBackend storage(String uri) {
        URI u = parse(uri, "storage");
        StorageBackendFactory f = single(StorageBackendFactory.class, u, StorageBackendFactory::schemes, "storage");
        return f.create(u);
    }

    /**
     * Parses a plugin URI. {@code file:} URIs are accepted as people write them, including Windows
     * paths ({@code file:C:\backups}) and spaces, and are normalised to a proper {@code file:} URI.
     */
    public static URI parse(String uri, String what) {
        if (uri == null || uri.isBlank()) {
            throw new ConfigurationException("Backups.builder(): the " + what + " URI is empty; use a URI with a scheme, such as "
                    + ("storage".equals(what) ? "file:/var/daai/backups" : "mongodb://host:27017"));
        }
        String s = uri.strip();
        int colon = s.indexOf(':');
        // A one-letter scheme is a Windows drive (C:\...), not a scheme.
        if (colon < 2 || !s.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
            throw new ConfigurationException("Backups.builder(): the " + what + " URI '" + redact(s)
                    + "' has no scheme; write it with one, such as file:" + (s.startsWith("/") ? s : "/path/to/backups")
                    + " or s3://bucket/prefix");
        }
        String scheme = s.substring(0, colon).toLowerCase(Locale.ROOT);
        String rest = s.substring(colon + 1);
        try {
            if (scheme.equals("file") && !rest.startsWith("//")) {
                String path = rest.replace('\\', '/');
                if (path.matches("[A-Za-z]:(/.*)?")) {
                    path = "/" + path;
                }
                return path.startsWith("/") ? new URI("file", null, path, null) : new URI("file", path, null);
            }
            return new URI(scheme + ":" + rest);
        } catch (URISyntaxException e) {
            throw new ConfigurationException("Backups.builder(): the " + what + " URI '" + redact(s) + "' is malformed: "
                    + e.getReason() + ". Percent-encode special characters.");
        }
    }

    private static <F> F single(Class<F> type, URI uri, Function<F, Set<String>> schemes, String what) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        List<F> matches = new ArrayList<>();
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        for (F f : ServiceLoader.load(type, cl != null ? cl : Plugins.class.getClassLoader())) {
            if (schemes.apply(f).contains(scheme)) {
                matches.add(f);
            }
        }
        if (matches.isEmpty()) {
            String module = MODULES.get(scheme);
            throw new ConfigurationException("No " + what + " plugin on the class path serves the URI scheme '" + scheme + ":'"
                    + (module != null ? "; add the dependency " + module + "." :
                    "; add the module that provides a " + type.getSimpleName() + " for it, or pass an instance to the builder.")
                    + ("storage".equals(what) ? " Storage URIs look like file:/path/to/backups or s3://bucket/prefix." : ""));
        }
        if (matches.size() > 1) {
            List<String> names = matches.stream().map(m -> m.getClass().getName()).toList();
            throw new ConfigurationException("Several " + what + " plugins claim the URI scheme '" + scheme + ":': " + names
                    + ". Remove all but one from the class path, or pass an instance to the builder.");
        }
        return matches.get(0);
    }

    /** Removes user info (credentials) from a URI-like string before it goes into a message. */
    static String redact(String uri) {
        return uri.replaceAll("(?<=//)[^/@]*@", "***@");
    }
}
