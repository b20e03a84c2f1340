package com.daaisuite.backup.examples.cli;

import com.daaisuite.backup.core.spi.StorageBackend;
import com.daaisuite.backup.core.spi.StorageBackendFactory;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Resolves {@code --storage} URIs with {@link ServiceLoader}, the same mechanism the library uses.
 * The CLI resolves them itself (rather than passing the URI to the builder) because {@code rekey}
 * needs the raw {@link StorageBackend}; the CLI then closes what it created. ({@code --mongo} is
 * turned into a {@code MongoClient} by {@link MongoOptions}, because the lock and the progress
 * estimate need the client too.)
 */
final class UriPlugins {
    private UriPlugins() {}

    /**
     * @param text a URI such as {@code file:/var/backups} or {@code s3://bucket/prefix}; a plain path
     *     without a scheme is taken as a local folder
     * @return a new backend, owned by the caller
     */
    static StorageBackend storage(String text) {
        URI uri = storageUri(text);
        StorageBackendFactory f = pick(ServiceLoader.load(StorageBackendFactory.class, UriPlugins.class.getClassLoader()),
                StorageBackendFactory::schemes, uri, "--storage", "storage backend", "file:/path/to/backups or s3://bucket/prefix");
        return f.create(uri);
    }

    static URI storageUri(String text) {
        if (text == null || text.isBlank()) {
            throw new CliUsageException("--storage is empty; give a folder or a URI such as file:/var/backups or s3://bucket/prefix.");
        }
        // A bare folder (or a Windows drive path) is friendlier to type in the bad hour than a file: URI.
        boolean looksLikePath = !text.matches("^[A-Za-z][A-Za-z0-9+.-]+:.*") || text.matches("^[A-Za-z]:[\\\\/].*");
        if (looksLikePath) {
            return Path.of(text).toAbsolutePath().normalize().toUri();
        }
        return parse(text, "--storage", "file:/var/backups or s3://bucket/prefix");
    }

    private static URI parse(String text, String option, String example) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw new CliUsageException(option + " '" + redact(text) + "' is not a valid URI (" + e.getReason()
                    + "); write it like " + example + ".");
        }
    }

    private static <F> F pick(ServiceLoader<F> loader, Function<F, java.util.Set<String>> schemes, URI uri, String option,
            String what, String example) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        List<F> matching = new ArrayList<>();
        TreeSet<String> known = new TreeSet<>();
        for (F f : loader) {
            known.addAll(schemes.apply(f));
            if (schemes.apply(f).contains(scheme)) {
                matching.add(f);
            }
        }
        if (matching.isEmpty()) {
            throw new CliUsageException(option + ": no " + what + " serves the URI scheme '" + scheme + ":' (known: "
                    + (known.isEmpty() ? "none" : String.join(", ", known)) + "); write it like " + example + ".");
        }
        if (matching.size() > 1) {
            throw new CliUsageException(option + ": " + matching.size() + " plugins claim the URI scheme '" + scheme
                    + ":'; remove all but one from the class path.");
        }
        return matching.get(0);
    }

    /** URIs may carry credentials (mongodb://user:pass@host): never echo them. */
    static String redact(String text) {
        return text == null ? "" : text.replaceAll("//[^/@]*@", "//***@");
    }
}
