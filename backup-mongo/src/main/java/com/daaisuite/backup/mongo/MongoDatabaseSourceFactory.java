package com.daaisuite.backup.mongo;

import com.daaisuite.backup.ConfigurationException;
import com.daaisuite.backup.core.spi.DatabaseSource;
import com.daaisuite.backup.core.spi.DatabaseSourceFactory;
import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.net.URI;
import java.util.Set;

/**
 * Creates {@link MongoDatabaseSource}s from {@code mongodb://} and {@code mongodb+srv://} connection
 * strings; found with {@link java.util.ServiceLoader}. The source owns the client it creates and
 * closes it in {@link DatabaseSource#close()}. Hosts that already have a client should use
 * {@link MongoDatabaseSource#builder(MongoClient)} instead.
 */
public final class MongoDatabaseSourceFactory implements DatabaseSourceFactory {

    /** Used by {@link java.util.ServiceLoader}. */
    public MongoDatabaseSourceFactory() {}

    @Override
    public Set<String> schemes() {
        return Set.of("mongodb", "mongodb+srv");
    }

    @Override
    public DatabaseSource create(URI uri) {
        if (uri == null || uri.getScheme() == null || !schemes().contains(uri.getScheme().toLowerCase(java.util.Locale.ROOT))) {
            throw new ConfigurationException("MongoDatabaseSourceFactory serves mongodb:// and mongodb+srv:// URIs; got '"
                    + (uri == null ? null : uri.getScheme()) + ":'.");
        }
        ConnectionString connection;
        try {
            connection = new ConnectionString(uri.toString());
        } catch (IllegalArgumentException e) {
            // The driver's message may quote the URI, credentials included: never pass it on.
            throw new ConfigurationException("The MongoDB connection string is malformed (scheme '" + uri.getScheme()
                    + "'); check its hosts and options. See https://www.mongodb.com/docs/manual/reference/connection-string/");
        }
        String description = (connection.isSrvProtocol() ? "mongodb+srv://" : "mongodb://")
                + String.join(",", connection.getHosts());
        MongoClient client = MongoClients.create(connection);
        return MongoDatabaseSource.owning(client, description);
    }
}
