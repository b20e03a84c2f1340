package com.daaisuite.backup.examples.cli;

import com.daaisuite.backup.core.StorageUris;
import com.daaisuite.backup.core.spi.BackupLock;
import com.daaisuite.backup.mongo.MongoBackupLock;
import com.daaisuite.backup.mongo.MongoDatabaseSource;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Option;

/** {@code --mongo URI --db NAME}, and the optional lock shared with the app. */
final class MongoOptions {
    @Option(names = "--mongo", required = true, paramLabel = "URI", description = "MongoDB connection string, such as mongodb://host:27017.")
    String uri;

    @Option(names = "--db", required = true, paramLabel = "NAME", description = "The tenant's database.")
    String db;

    @Option(names = "--lock", paramLabel = "DB.COLLECTION",
            description = "Share the app's MongoBackupLock collection (for example app.backup_locks), so the CLI and the app"
                    + " never work on the tenant at the same time. Default: a lock inside this process only.")
    String lock;

    /** @return a client the caller owns */
    MongoClient client() {
        String scheme = uri.contains(":") ? uri.substring(0, uri.indexOf(':')).toLowerCase(Locale.ROOT) : "";
        if (!scheme.equals("mongodb") && !scheme.equals("mongodb+srv")) {
            throw new CliUsageException("--mongo: no database source serves the URI scheme '" + scheme
                    + ":'; write a MongoDB connection string such as mongodb://host:27017.");
        }
        ConnectionString cs;
        try {
            cs = new ConnectionString(uri);
        } catch (IllegalArgumentException e) {
            // The driver's message may quote the URI with its password: never repeat it.
            throw new CliUsageException("--mongo: the connection string is malformed; check its hosts and options"
                    + " (https://www.mongodb.com/docs/manual/reference/connection-string/).");
        }
        return MongoClients.create(MongoClientSettings.builder().applyConnectionString(cs)
                .applyToClusterSettings(b -> b.serverSelectionTimeout(15, TimeUnit.SECONDS))
                .build());
    }

    private String hosts() {
        try {
            return String.join(",", new ConnectionString(uri).getHosts());
        } catch (IllegalArgumentException e) {
            return "the given address";
        }
    }

    MongoDatabaseSource source(MongoClient client) {
        return MongoDatabaseSource.builder(client).build();
    }

    BackupLock lock(MongoClient client) {
        if (lock == null || lock.isBlank()) {
            return null;
        }
        int dot = lock.indexOf('.');
        if (dot <= 0 || dot == lock.length() - 1) {
            throw new CliUsageException("--lock '" + lock + "' must be DB.COLLECTION, such as app.backup_locks.");
        }
        MongoDatabase d = client.getDatabase(lock.substring(0, dot));
        return new MongoBackupLock(d, lock.substring(dot + 1));
    }

    /** The documents to expect, for the progress bar's ETA; 0 (unknown) if the server cannot say. */
    long estimatedDocuments(MongoClient client) {
        try {
            MongoDatabase d = client.getDatabase(db);
            long n = 0;
            for (String c : d.listCollectionNames()) {
                if (!c.startsWith("system.")) {
                    n += d.getCollection(c).estimatedDocumentCount();
                }
            }
            return n;
        } catch (com.mongodb.MongoTimeoutException | com.mongodb.MongoSecurityException e) {
            // Fail now with a clear line rather than again, 15 s later, inside the backup.
            throw new com.daaisuite.backup.core.SourceException("Cannot use MongoDB at "
                    + StorageUris.redact(hosts()) + " (" + (e instanceof com.mongodb.MongoSecurityException
                            ? "authentication failed" : "no server answered within 15 s")
                    + "); nothing was written. Check --mongo, the credentials, the network and that the server is up.", e);
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
