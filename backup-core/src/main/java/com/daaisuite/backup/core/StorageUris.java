package com.daaisuite.backup.core;

import com.daaisuite.backup.ConfigurationException;
import com.daaisuite.backup.core.internal.Plugins;
import com.daaisuite.backup.core.spi.StorageBackend;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Storage locations as people write them, the one parser the builder, the CLI and hosts share.
 *
 * <p>A location is a URI with a scheme served by a storage plugin ({@code file:/var/backups},
 * {@code s3://bucket/prefix}). {@code file:} URIs are accepted as people type them, Windows drive
 * letters and spaces included. {@link #parseLocation} also takes a bare folder path, which is friendlier
 * at a command line than a {@code file:} URI. Credentials in a URI never appear in a message.
 */
public final class StorageUris {
    private StorageUris() {}

    /**
     * @param uri a URI with a scheme, such as {@code file:/var/backups} or {@code s3://bucket/prefix}
     * @return the normalised URI
     * @throws ConfigurationException if it is empty, has no scheme or is malformed
     */
    public static URI parse(String uri) {
        return Plugins.parse(uri, "storage");
    }

    /**
     * @param location a storage URI, or a bare folder path (absolute or relative, Windows drive paths
     *     included) meaning that local folder
     * @return the normalised URI
     * @throws ConfigurationException if it is empty or malformed
     */
    public static URI parseLocation(String location) {
        if (location == null || location.isBlank()) {
            throw new ConfigurationException("The storage location is empty; give a folder or a URI such as "
                    + "file:/var/backups or s3://bucket/prefix.");
        }
        String s = location.strip();
        boolean looksLikePath = !s.matches("^[A-Za-z][A-Za-z0-9+.-]+:.*") || s.matches("^[A-Za-z]:[\\\\/].*");
        if (looksLikePath) {
            try {
                return Path.of(s).toAbsolutePath().normalize().toUri();
            } catch (InvalidPathException e) {
                throw new ConfigurationException("The storage location '" + redact(s) + "' is not a valid folder path ("
                        + e.getReason() + "); write a folder or a URI such as file:/var/backups or s3://bucket/prefix.", e);
            }
        }
        return parse(s);
    }

    /**
     * Creates a backend with the one plugin on the class path serving the location's scheme.
     *
     * @param location as {@link #parseLocation} takes it
     * @return a new backend; the caller closes it
     * @throws ConfigurationException if no plugin or several serve the scheme
     */
    public static StorageBackend open(String location) {
        return Plugins.storage(parseLocation(location).toString());
    }

    /**
     * @param uri a URI-like text
     * @return it without user information (credentials), for messages and logs
     */
    public static String redact(String uri) {
        return uri == null ? "" : uri.replaceAll("(?<=//)[^/@]*@", "***@");
    }
}
