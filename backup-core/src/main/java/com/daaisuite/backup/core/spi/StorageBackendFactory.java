package com.daaisuite.backup.core.spi;

import java.net.URI;
import java.util.Set;

/**
 * Creates {@link StorageBackend}s from URIs such as {@code file:/var/backups} or
 * {@code s3://bucket/prefix}; found with {@link java.util.ServiceLoader}.
 */
public interface StorageBackendFactory {

    /** @return the URI schemes served, lower case, such as {@code file} */
    Set<String> schemes();

    /**
     * @param uri a URI whose scheme is one of {@link #schemes()}
     * @return a new backend; it owns any client it creates
     * @throws com.daaisuite.backup.ConfigurationException if the URI is malformed
     */
    StorageBackend create(URI uri);
}
