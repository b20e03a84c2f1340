package com.daaisuite.backup.examples.cli;

import com.daaisuite.backup.crypto.KeyProviders;
import com.daaisuite.backup.crypto.MasterKey;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.ServerVersion;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine;

/** Runs the CLI in-process, exactly as the jar does, with captured output and an injected environment. */
final class CliHarness implements AutoCloseable {
    final MongoServer server;
    final String mongoUri;
    final MongoClient client;

    CliHarness() {
        server = new MongoServer(new MemoryBackend().version(ServerVersion.MONGO_5_0));
        server.bind("127.0.0.1", 0);
        mongoUri = "mongodb://127.0.0.1:" + server.getLocalAddress().getPort();
        client = MongoClients.create(mongoUri);
    }

    /** The outcome of one command. */
    record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    static Result run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new DaaiBackupCli(env));
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    static String encode(MasterKey key) {
        byte[] k = key.copyKeyMaterialForDerivation();
        try {
            return Base64.getEncoder().encodeToString(k);
        } finally {
            java.util.Arrays.fill(k, (byte) 0);
        }
    }

    static MasterKey newKey() {
        return MasterKey.generate(new SecureRandom());
    }

    static Map<String, String> env(MasterKey current, MasterKey... retired) {
        Map<String, String> env = new HashMap<>();
        if (current != null) {
            env.put(KeyProviders.CURRENT_KEY_VARIABLE, encode(current));
        }
        if (retired.length > 0) {
            StringBuilder b = new StringBuilder();
            for (MasterKey r : retired) {
                b.append(b.length() == 0 ? "" : ",").append(encode(r));
            }
            env.put(KeyProviders.RETIRED_KEYS_VARIABLE, b.toString());
        }
        return env;
    }

    /** Seeds the sample workspace into {@code db} (a fresh database per test keeps tests independent). */
    void seed(String db) {
        SampleWorkspace.seed(client.getDatabase(db));
    }

    /**
     * Takes a manual backup through the CLI.
     *
     * @return the new archive's file name
     */
    String backup(Map<String, String> env, java.nio.file.Path storage, String tenant, String db) {
        Result r = run(env, "backup", "--mongo", mongoUri, "--db", db, "--tenant", tenant, "--storage", storage.toString());
        if (r.code() != 0) {
            throw new AssertionError("backup failed: " + r);
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Backed up tenant \\S+ \\(database \\S+\\): (\\S+)").matcher(r.out());
        if (!m.find()) {
            throw new AssertionError("no file name in: " + r);
        }
        return m.group(1);
    }

    @Override
    public void close() {
        client.close();
        server.shutdownNow();
    }
}
