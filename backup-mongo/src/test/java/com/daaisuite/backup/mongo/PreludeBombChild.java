package com.daaisuite.backup.mongo;

import com.daaisuite.backup.BackupException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Child JVM of {@link PreludeBombMemoryTest}: reads an archive as {@code verify} and the whole-archive
 * proof do ({@link MongoDatabaseSource#inspectPayload}, with the source's default limits) and prints
 * how it ended. The client never connects: reading a payload needs no server.
 */
public final class PreludeBombChild {
    private PreludeBombChild() {}

    public static void main(String[] args) throws Exception {
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=100");
                InputStream in = new BufferedInputStream(Files.newInputStream(Path.of(args[0])))) {
            MongoDatabaseSource source = MongoDatabaseSource.builder(client).build();
            source.inspectPayload(in);
            System.out.println("ACCEPTED");
        } catch (BackupException e) {
            System.out.println("REFUSED " + e.getClass().getName() + ": " + e.getMessage());
        } catch (OutOfMemoryError e) {
            System.out.println("OUT OF MEMORY " + e);
            System.exit(2);
        }
    }
}
