package com.daaisuite.backup.crypto.spi;

import java.net.URI;

/**
 * Creates {@link KeyProvider}s from URIs such as {@code env:} or {@code env:MY_VAR}; found with
 * {@link java.util.ServiceLoader}.
 *
 * <p>Key providers are only ever chosen by an explicit URI or instance from the host: a factory
 * slipped onto the class path cannot claim keys it was not asked for, and two factories claiming
 * one scheme is a configuration error rather than a silent choice.
 */
public interface KeyProviderFactory {

    /**
     * The URI scheme this factory serves, lower case, without the colon (for example {@code env}).
     *
     * @return the scheme
     */
    String scheme();

    /**
     * Creates a provider for a URI whose scheme is {@link #scheme()}.
     *
     * @param uri the URI, for example {@code env:BACKUP_ENCRYPTION_KEY}
     * @return a new provider
     * @throws com.daaisuite.backup.ConfigurationException if the URI is malformed or a key is invalid
     */
    KeyProvider create(URI uri);
}
