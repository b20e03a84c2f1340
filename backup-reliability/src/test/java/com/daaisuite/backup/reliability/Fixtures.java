package com.daaisuite.backup.reliability;

import com.daaisuite.backup.core.Actor;
import com.daaisuite.backup.core.Permission;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.spi.AccessPolicy;
import com.daaisuite.backup.crypto.MasterKey;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/** Shared test fixtures: the test keys, actors, access policies, child JVMs, scaling. */
final class Fixtures {
    /** The test master keys. Their every encoding is searched for by {@link SecretsTest}. */
    static final byte[] KEY_A_BYTES = HexFormat.of().parseHex("8f3a5c7e9b1d2f4a6c8e0b2d4f6a8c0e1f3b5d7f9a2c4e6b8d0f1a3c5e7b9d2f");
    static final byte[] KEY_B_BYTES = HexFormat.of().parseHex("3c9e1a7b5d2f8c4e6a0b9d3f7e1c5a8b2d6f0e4a9c3b7d1f5e8a2c6b0d4f9e13");
    static final MasterKey KEY_A = MasterKey.of(KEY_A_BYTES);
    static final MasterKey KEY_B = MasterKey.of(KEY_B_BYTES);

    static final Actor ADMIN = Actor.user("admin@acme.test");
    static final Actor VIEWER = Actor.user("viewer@acme.test");
    static final Actor CREATOR = Actor.user("creator@acme.test");

    /** ADMIN may do everything; CREATOR may see and back up; VIEWER may only see. */
    static final AccessPolicy ACCESS = (actor, permission, tenant) -> actor.equals(ADMIN)
            || (actor.equals(CREATOR) && (permission == Permission.CREATE || permission == Permission.VIEW))
            || (actor.equals(VIEWER) && permission == Permission.VIEW);

    private Fixtures() {}

    static boolean thorough() {
        return Boolean.getBoolean("daai.thorough");
    }

    static int scaled(int normal, int thorough) {
        return thorough() ? thorough : normal;
    }

    /** The seed of a randomized test: -Ddaai.seed=N reproduces a run; printed by every test that uses it. */
    static long seed(String test) {
        long seed = Long.getLong("daai.seed", System.nanoTime());
        System.out.println("[" + test + "] seed=" + seed + " (reproduce with -Ddaai.seed=" + seed + ")");
        return seed;
    }

    static Tenant tenant(String id) {
        return Tenant.of(id, "Workspace " + id.toUpperCase(Locale.ROOT), "db_" + id.replace('-', '_'));
    }

    /** Every textual form of a secret byte string a careless log line could carry. */
    static List<String> encodings(byte[] secret) {
        List<String> out = new ArrayList<>();
        String hex = HexFormat.of().formatHex(secret);
        out.add(hex);
        out.add(hex.toUpperCase(Locale.ROOT));
        out.add(Base64.getEncoder().encodeToString(secret));
        out.add(Base64.getEncoder().withoutPadding().encodeToString(secret));
        out.add(Base64.getUrlEncoder().encodeToString(secret));
        out.add(Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
        // A prefix is enough to leak most of a key: also look for the first 16 bytes' forms.
        byte[] half = java.util.Arrays.copyOf(secret, 16);
        out.add(HexFormat.of().formatHex(half));
        out.add(Base64.getEncoder().withoutPadding().encodeToString(half).substring(0, 20));
        return out;
    }

    static MongoClientSettings mongoSettings(String uri) {
        return MongoClientSettings.builder().applyConnectionString(new ConnectionString(uri))
                .applyToClusterSettings(c -> c.serverSelectionTimeout(5, TimeUnit.SECONDS))
                .applyToSocketSettings(s -> s.connectTimeout(3, TimeUnit.SECONDS).readTimeout(20, TimeUnit.SECONDS))
                .build();
    }

    /** Deterministic, barely compressible document bytes (so that archives have a real size). */
    static byte[] randomDocument(Random r, int size) {
        byte[] b = new byte[size];
        r.nextBytes(b);
        return b;
    }

    static String randomText(Random r, int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append((char) ('a' + r.nextInt(26)));
        }
        return b.toString();
    }

    static String javaExecutable() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }

    static String testClasspath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    /** Starts {@code main} of a test class in a child JVM with the test classpath. */
    static Process startChild(String heap, Class<?> main, List<String> args, java.util.Map<String, String> env)
            throws IOException {
        return startChild(List.of(), heap, main, args, env);
    }

    /** As above, with a command prefix such as {@code nice -n 10}. */
    static Process startChild(List<String> prefix, String heap, Class<?> main, List<String> args, java.util.Map<String, String> env)
            throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(javaExecutable(), "-Xmx" + heap, "-XX:+UseSerialGC",
                "-cp", testClasspath(), main.getName()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        return pb.start();
    }

    /** Reads a child's output lines on a daemon thread, so that the child never blocks on a full pipe. */
    static final class ChildOutput {
        private final StringBuffer text = new StringBuffer();
        private final Thread reader;

        ChildOutput(Process p) {
            InputStream in = p.getInputStream();
            reader = new Thread(() -> {
                try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        text.append(line).append('\n');
                    }
                } catch (IOException ignored) {
                    // The child was killed: its pipe closes.
                }
            }, "child-output");
            reader.setDaemon(true);
            reader.start();
        }

        boolean contains(String s) {
            return text.indexOf(s) >= 0;
        }

        String text() throws InterruptedException {
            reader.join(5000);
            return text.toString();
        }
    }
}
