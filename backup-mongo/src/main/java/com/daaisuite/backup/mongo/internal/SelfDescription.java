package com.daaisuite.backup.mongo.internal;

import com.mongodb.ServerAddress;
import com.mongodb.client.MongoClient;
import com.mongodb.connection.ClusterSettings;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.stream.Collectors;

/** What the MongoDB source says about itself: the client it reads (for logs) and the tool version it records. */
public final class SelfDescription {
    private SelfDescription() {}

    /** A description of the host's client for logs: its hosts, never its credentials. */
    public static String describe(MongoClient client) {
        try {
            ClusterSettings cluster = client.getClusterDescription().getClusterSettings();
            if (cluster != null && cluster.getSrvHost() != null) {
                return "mongodb+srv://" + cluster.getSrvHost();
            }
            if (cluster != null && !cluster.getHosts().isEmpty()) {
                return "mongodb://" + cluster.getHosts().stream().map(ServerAddress::toString).collect(Collectors.joining(","));
            }
        } catch (RuntimeException e) {
            // Only a description for logs: fall through to the generic one.
        }
        return "mongodb (host-provided client)";
    }

    /** @return {@code daai-backup <version>}, from the jar's Maven properties when packaged */
    public static String toolVersion() {
        String version = SelfDescription.class.getPackage().getImplementationVersion();
        if (version == null) {
            try (InputStream in = SelfDescription.class.getResourceAsStream(
                    "/META-INF/maven/com.daaisuite.backup/backup-mongo/pom.properties")) {
                if (in != null) {
                    Properties p = new Properties();
                    p.load(in);
                    version = p.getProperty("version");
                }
            } catch (IOException e) {
                version = null;
            }
        }
        return "daai-backup " + (version == null ? "dev" : version);
    }
}
