package com.daaisuite.backup.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The real MongoDB Database Tools ({@code mongodump}, {@code mongorestore}) when this machine has
 * them: the folder named by the environment variable {@code MONGO_TOOLS_BIN} (or the system
 * property {@code mongo.tools.bin}), else the tools unpacked from {@code ../shared/tools} next to
 * the checkout (into {@code target/mongo-tools}, with the system {@code tar}). Absent tools are a
 * stated reason to skip, unless {@code MONGO_TOOLS_REQUIRE=true} (or {@code -Dmongo.tools.require=true})
 * says that this run must have them (CI sets it when it unpacked them).
 */
final class MongoTools {
    private static final String ARCHIVE = "mongo-tools-100.11.0-linux-x86_64.tar.xz";

    private final Path bin;

    private MongoTools(Path bin) {
        this.bin = bin;
    }

    /** @return whether a missing tool set must fail the run instead of skipping */
    static boolean required() {
        String p = System.getProperty("mongo.tools.require");
        String e = System.getenv("MONGO_TOOLS_REQUIRE");
        return "true".equalsIgnoreCase(p) || (p == null && "true".equalsIgnoreCase(e));
    }

    /**
     * @param why receives the reason when the tools are absent
     * @return the tools, or empty with the reason in {@code why}
     */
    static Optional<MongoTools> find(StringBuilder why) {
        String named = System.getProperty("mongo.tools.bin", System.getenv("MONGO_TOOLS_BIN"));
        if (named != null && !named.isBlank()) {
            Path p = Path.of(named);
            if (usable(p)) {
                return Optional.of(new MongoTools(p));
            }
            why.append("MONGO_TOOLS_BIN (or -Dmongo.tools.bin) ").append(named).append(" has no executable mongodump and mongorestore");
            return Optional.empty();
        }
        // The module's working directory is <checkout>/<module>; ../shared is beside the checkout.
        Path cwd = Path.of("").toAbsolutePath();
        for (Path dir = cwd; dir != null; dir = dir.getParent()) {
            Path archive = dir.resolve("shared").resolve("tools").resolve(ARCHIVE);
            if (Files.isRegularFile(archive)) {
                Path target = cwd.resolve("target").resolve("mongo-tools");
                if (!usable(target)) {
                    try {
                        unpack(archive, target);
                    } catch (IOException e) {
                        why.append("unpacking ").append(archive).append(" failed: ").append(e.getMessage());
                        return Optional.empty();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        why.append("interrupted while unpacking ").append(archive);
                        return Optional.empty();
                    }
                }
                if (usable(target)) {
                    return Optional.of(new MongoTools(target));
                }
                why.append(archive).append(" did not unpack into mongodump and mongorestore");
                return Optional.empty();
            }
        }
        why.append("the MongoDB Database Tools are not on this machine: set MONGO_TOOLS_BIN to the folder holding"
                + " mongodump and mongorestore (100.x), or keep ../shared/tools/" + ARCHIVE + " beside the checkout");
        return Optional.empty();
    }

    private static boolean usable(Path dir) {
        return Files.isExecutable(dir.resolve("mongodump")) && Files.isExecutable(dir.resolve("mongorestore"));
    }

    private static void unpack(Path archive, Path target) throws IOException, InterruptedException {
        Files.createDirectories(target);
        Process p = new ProcessBuilder("tar", "-xJf", archive.toString(), "-C", target.toString(), "--strip-components", "1")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("tar did not finish within 120 s");
        }
        if (p.exitValue() != 0) {
            throw new IOException("tar exited with " + p.exitValue() + ": " + out.strip());
        }
    }

    /** @return the folder holding the tools */
    Path bin() {
        return bin;
    }

    /** @return {@code mongorestore --version}'s first line */
    String version() throws IOException, InterruptedException {
        return run("mongorestore", List.of("--version")).lines().findFirst().orElse("?");
    }

    /**
     * Runs a tool to completion (within two minutes) and fails with its output when it exits non-zero.
     *
     * @return its combined output
     */
    String run(String tool, List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(bin.resolve(tool).toString());
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Fixtures.ChildOutput out = new Fixtures.ChildOutput(p);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(tool + " did not finish within 120 s: " + String.join(" ", cmd) + "\n" + out.text());
        }
        String text = out.text();
        if (p.exitValue() != 0) {
            throw new AssertionError(tool + " exited with " + p.exitValue() + ": " + String.join(" ", cmd) + "\n" + text);
        }
        return text;
    }
}
