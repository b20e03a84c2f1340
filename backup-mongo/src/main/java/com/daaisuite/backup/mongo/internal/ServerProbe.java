package com.daaisuite.backup.mongo.internal;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.connection.ClusterDescription;
import com.mongodb.connection.ServerDescription;
import com.mongodb.connection.ServerType;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonValue;

/** Asks a server what it is and what it can do, so that dumps pick snapshot reads only where they work. */
public final class ServerProbe {

    private ServerProbe() {}

    /**
     * What the probe found.
     *
     * @param version the server version from {@code buildInfo}, such as {@code 7.0.12}
     * @param topology {@code standalone}, {@code replicaSet} or {@code sharded}
     * @param snapshotReads whether snapshot reads in a session are available
     * @param noSnapshotReason why not, when they are not; empty otherwise
     */
    public record Capabilities(String version, String topology, boolean snapshotReads, String noSnapshotReason) {}

    /** The server's facts for a host's status screen, or a {@link com.daaisuite.backup.core.SourceException} saying it cannot be asked. */
    public static com.daaisuite.backup.core.spi.ServerFacts facts(MongoClient client, String description) {
        try {
            Capabilities caps = probe(client);
            return new com.daaisuite.backup.core.spi.ServerFacts("MongoDB", caps.version(), caps.topology(), caps.snapshotReads());
        } catch (com.mongodb.MongoException e) {
            throw new com.daaisuite.backup.core.SourceException("Could not ask the MongoDB server at " + description
                    + " for its version and topology: " + e.getMessage() + ". Check that it is reachable.", e);
        }
    }

    public static Capabilities probe(MongoClient client) {
        MongoDatabase admin = client.getDatabase("admin");
        // buildInfo also makes sure the driver has connected, so its view of the topology is current.
        BsonDocument buildInfo = admin.runCommand(new BsonDocument("buildInfo", new BsonInt32(1)), BsonDocument.class);
        String version = buildInfo.isString("version") ? buildInfo.getString("version").getValue() : "0.0.0";
        List<Integer> parts = versionParts(buildInfo, version);

        // The driver's monitor already ran hello (or legacy isMaster): read its answers, send no probe
        // command a server might not know.
        ClusterDescription cluster = client.getClusterDescription();
        boolean replicaSet = false;
        boolean sharded = false;
        for (ServerDescription server : cluster.getServerDescriptions()) {
            if (server.isOk()) {
                ServerType type = server.getType();
                replicaSet |= type == ServerType.REPLICA_SET_PRIMARY || type == ServerType.REPLICA_SET_SECONDARY
                        || server.getSetName() != null;
                sharded |= type == ServerType.SHARD_ROUTER;
            }
        }
        String topology = replicaSet ? "replicaSet" : sharded ? "sharded" : "standalone";
        boolean sessions = cluster.getLogicalSessionTimeoutMinutes() != null;
        boolean fiveOrLater = !parts.isEmpty() && parts.get(0) >= 5;

        String reason = "";
        if (!replicaSet && !sharded) {
            reason = "the server is a standalone, not a replica set member (no snapshot reads)";
        } else if (!sessions) {
            reason = "the server does not support sessions (no logicalSessionTimeoutMinutes in hello)";
        } else if (!fiveOrLater) {
            reason = "the server version " + version + " is older than 5.0 (no snapshot reads outside transactions)";
        }
        return new Capabilities(version, topology, reason.isEmpty(), reason);
    }

    /** @return the server's version numbers from {@code buildInfo}, such as {@code [7, 0, 12]} */
    public static List<Integer> versionParts(MongoClient client) {
        BsonDocument buildInfo = client.getDatabase("admin").runCommand(new BsonDocument("buildInfo", new BsonInt32(1)),
                BsonDocument.class);
        return versionParts(buildInfo, buildInfo.isString("version") ? buildInfo.getString("version").getValue() : "");
    }

    static List<Integer> versionParts(BsonDocument buildInfo, String version) {
        List<Integer> parts = new ArrayList<>();
        BsonValue array = buildInfo.get("versionArray");
        if (array instanceof BsonArray a) {
            for (BsonValue v : a) {
                if (v.isNumber()) {
                    parts.add(v.asNumber().intValue());
                }
            }
            if (!parts.isEmpty()) {
                return parts;
            }
        }
        for (String p : version.split("[.\\-+]")) {
            try {
                parts.add(Integer.parseInt(p));
            } catch (NumberFormatException e) {
                break;
            }
        }
        return parts;
    }
}
