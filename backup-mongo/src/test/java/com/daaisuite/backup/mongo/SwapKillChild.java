package com.daaisuite.backup.mongo;

import com.daaisuite.backup.core.spi.ProgressListener;
import com.daaisuite.backup.core.spi.RestoreTarget;
import com.daaisuite.backup.mongo.internal.MongoRestorer;
import com.daaisuite.backup.mongo.internal.RestoreJournal;
import com.daaisuite.backup.mongo.internal.SourceSettings;
import com.daaisuite.backup.mongo.internal.archive.ArchiveLimits;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bson.BsonDocument;

/**
 * The victim of {@link SwapKillMatrixTest}: restores a payload file into a database and prints
 * {@code STEP <name>} after every journal and swap step. At the step named by its last argument it prints
 * {@code KILLPOINT <name>} and waits to be killed with SIGKILL. Arguments:
 * {@code <mongodb uri> <payload file> <source db> <target db> <kill step or "none"> [<collections, comma-separated>]}
 * (with the last, a collections restore of only those).
 */
public final class SwapKillChild {
    /**
     * Runs this class in a child JVM with {@code args}; when it prints its kill point, kills it with SIGKILL.
     *
     * @return everything it printed
     */
    static String runUntilKilled(java.util.List<String> args) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(
                System.getProperty("java.home") + java.io.File.separator + "bin" + java.io.File.separator + "java",
                "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                SwapKillChild.class.getName()));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        StringBuilder out = new StringBuilder();
        try (java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                java.nio.charset.StandardCharsets.UTF_8))) {
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(90);
            for (String line; (line = r.readLine()) != null; ) {
                out.append(line).append('\n');
                if (line.startsWith("KILLPOINT ")) {
                    p.destroyForcibly(); // SIGKILL on Linux
                    break;
                }
                if (System.nanoTime() > deadline) {
                    p.destroyForcibly();
                    throw new AssertionError("the child did not reach its kill point within 90 s:\n" + out);
                }
            }
        }
        if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            throw new AssertionError("the child did not end within 30 s of its kill");
        }
        return out.toString();
    }

    private SwapKillChild() {}

    public static void main(String[] args) throws Exception {
        String killAt = args[4];
        try (MongoClient client = MongoClients.create(AbstractMongoSourceTest.settings(args[0]));
                InputStream payload = Files.newInputStream(Path.of(args[1]))) {
            RestoreJournal.Store journals = new RestoreJournal.Store(client.getDatabase(MongoDatabaseSource.DEFAULT_JOURNAL_DATABASE)
                    .getCollection(MongoDatabaseSource.DEFAULT_JOURNAL_COLLECTION, BsonDocument.class));
            SourceSettings settings = new SourceSettings(2, 64 * 1024, 50, 1 << 20, MongoDatabaseSource.DEFAULT_STAGING_PREFIX,
                    "kill-matrix");
            MongoRestorer restorer = new MongoRestorer(client, settings, ArchiveLimits.defaults(), journals, step -> {
                System.out.println("STEP " + step);
                if (step.equals(killAt)) {
                    System.out.println("KILLPOINT " + step);
                    System.out.flush();
                    try {
                        Thread.sleep(120_000); // the parent kills this process now; it never returns
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    Runtime.getRuntime().halt(99);
                }
                System.out.flush();
            });
            RestoreTarget target = RestoreTarget.mapping(args[2], args[3]);
            if (args.length > 5) {
                target = target.withCollections(java.util.List.of(args[5].split(",")));
            }
            restorer.restore(payload, target, ProgressListener.NONE);
            System.out.println("DONE");
            System.out.flush();
        }
    }
}
