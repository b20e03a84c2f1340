package com.daaisuite.backup.mongo.internal;

import com.daaisuite.backup.core.SourceException;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import java.util.ArrayList;
import java.util.Objects;
import java.util.Optional;

/** Whole-database questions and actions of the source: exists, drop (with its journal), an interrupted restore. */
public final class MongoDatabases {
    private final MongoClient client;
    private final RestoreJournal.Store journals;
    private final String description;

    public MongoDatabases(MongoClient client, RestoreJournal.Store journals, String description) {
        this.client = client;
        this.journals = journals;
        this.description = description;
    }

    public boolean exists(String database) {
        Objects.requireNonNull(database, "database");
        try {
            return client.listDatabaseNames().into(new ArrayList<>()).contains(database);
        } catch (MongoException e) {
            throw new SourceException("Could not list the databases of " + description + ": " + e.getMessage()
                    + ". Check that the server is reachable.", e);
        }
    }

    /** The journal goes last: a drop that fails leaves it for the next attempt. */
    public void drop(String database) {
        Objects.requireNonNull(database, "database");
        try {
            client.getDatabase(database).drop();
            journals.forget(database);
        } catch (MongoException e) {
            throw new SourceException("Could not drop the database '" + database + "' on " + description + ": " + e.getMessage()
                    + ". Check that the server is reachable and the user may drop databases.", e);
        }
    }

    public Optional<String> interruptedRestore(String database) {
        Objects.requireNonNull(database, "database");
        try {
            return journals.find(database).map(j -> "restore " + j.restoreId() + " of database '" + database
                    + "', interrupted while " + j.state() + " (journal in " + journals.describe() + ")");
        } catch (MongoException e) {
            throw new SourceException("Could not read the restore journal " + journals.describe() + " for database '"
                    + database + "': " + e.getMessage() + ". Check that the server is reachable and the user may read it.", e);
        }
    }
}
