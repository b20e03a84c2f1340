package com.daaisuite.backup.core.spi;

import java.net.URI;
import java.util.Set;

/**
 * Creates {@link DatabaseSource}s from URIs such as {@code mongodb://host:27017}; found with
 * {@link java.util.ServiceLoader}.
 */
public interface DatabaseSourceFactory {

    /** @return the URI schemes served, lower case, such as {@code mongodb} and {@code mongodb+srv} */
    Set<String> schemes();

    /**
     * @param uri a URI whose scheme is one of {@link #schemes()}
     * @return a new source; it owns any client it creates
     * @throws com.daaisuite.backup.ConfigurationException if the URI is malformed
     */
    DatabaseSource create(URI uri);
}
