package com.daaisuite.backup.examples.cli;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * Makes {@code java -jar daai-backup.jar} as fast as {@code bin/daai-backup}: a JVM started with no
 * options of its own runs the command in a child JVM started with the launcher's options (the serial
 * collector, a 160 MiB heap, AES-GCM and SHA-256 compiled at once, a class-data sharing archive made
 * by the first run). Measured in docs/performance.md ("One command a user runs"): the default G1
 * heap and the late compilation of the ciphers cost about a CPU-second per command, the second
 * JVM's start about a tenth of one.
 *
 * <p>Nothing is re-launched when the JVM already has options (the user chose them), when
 * {@code JDK_JAVA_OPTIONS} or {@code JAVA_TOOL_OPTIONS} is set, when {@code DAAI_BACKUP_RELAUNCH=off},
 * outside a jar (tests, an IDE), for {@code serve} (a server, whose start-up does not matter), for
 * help and version, or when the child cannot be started (then the command runs here, as before).
 * The child inherits standard input, output and error; its exit code is the command's.
 */
final class Relaunch {
    /** Set on the child (and by {@code bin/daai-backup}): the options are in place. */
    static final String MARKER = "daai.backup.launched";

    /** The launcher's options; {@code RelaunchTest} holds {@code bin/daai-backup} to the same list. */
    static final List<String> OPTIONS = List.of("-XX:+UseSerialGC", "-Xmx160m", "-XX:CompileThresholdScaling=10",
            "-XX:CompileCommand=quiet",
            "-XX:CompileCommand=CompileThresholdScaling,com.sun.crypto.provider.*::*,0.001",
            "-XX:CompileCommand=CompileThresholdScaling,sun.security.provider.*::*,0.001");

    private static final Set<String> NOT_RELAUNCHED = Set.of("serve", "-h", "--help", "-V", "--version", "help");

    private Relaunch() {}

    /**
     * Runs the command in a tuned child JVM when this one was started bare.
     *
     * @param args the command line
     * @return the child's exit code, or empty when the command should run in this JVM
     */
    static Optional<Integer> run(String[] args) {
        Map<String, String> env = System.getenv();
        if (System.getProperty(MARKER) != null || "off".equals(env.get("DAAI_BACKUP_RELAUNCH"))
                || env.containsKey("JDK_JAVA_OPTIONS") || env.containsKey("JAVA_TOOL_OPTIONS")
                || args.length == 0 || NOT_RELAUNCHED.contains(args[0])) {
            return Optional.empty();
        }
        Optional<Path> jar = ownJar();
        Optional<String> java = ProcessHandle.current().info().command();
        Optional<String[]> jvmArgs = ProcessHandle.current().info().arguments();
        // Bare means exactly "java -jar <jar> args...": any JVM option before -jar is the user's choice.
        if (jar.isEmpty() || java.isEmpty() || jvmArgs.isEmpty() || jvmArgs.get().length < 2 || !"-jar".equals(jvmArgs.get()[0])) {
            return Optional.empty();
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(java.get());
        cmd.addAll(OPTIONS);
        cmd.add("-D" + MARKER + "=jar");
        Path cds = cdsArchive(jar.get(), env);
        Path tmp = null;
        if (cds != null && Files.isRegularFile(cds)) {
            cmd.add("-XX:SharedArchiveFile=" + cds);
            cmd.add("-Xshare:auto");
        } else if (cds != null) {
            // The first run records the classes it loaded; the archive is moved into place only when complete.
            tmp = cds.resolveSibling(cds.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
            cmd.addAll(List.of("-XX:ArchiveClassesAtExit=" + tmp, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
        }
        cmd.add("-jar");
        cmd.add(jar.get().toString());
        cmd.addAll(List.of(args));
        Process child;
        try {
            child = new ProcessBuilder(cmd).inheritIO().start();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        // A terminal's Ctrl-C reaches both; a signal to this process alone is passed on.
        Thread stop = new Thread(child::destroy, "daai-backup-relaunch-stop");
        Runtime.getRuntime().addShutdownHook(stop);
        int rc;
        while (true) {
            try {
                rc = child.waitFor();
                break;
            } catch (InterruptedException e) {
                // keep waiting: the child owns the command now
            }
        }
        Runtime.getRuntime().removeShutdownHook(stop);
        if (tmp != null) {
            keep(tmp, cds);
        }
        return Optional.of(rc);
    }

    /** @return the jar this class was loaded from, if any */
    private static Optional<Path> ownJar() {
        try {
            var src = Relaunch.class.getProtectionDomain().getCodeSource();
            if (src == null) {
                return Optional.empty();
            }
            Path p = Path.of(src.getLocation().toURI());
            return Files.isRegularFile(p) && p.getFileName().toString().endsWith(".jar") ? Optional.of(p) : Optional.empty();
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * One archive per jar build (size, modification time, path), in the launcher's cache folder; null when
     * there is no writable cache or {@code DAAI_BACKUP_CDS=off}.
     */
    static Path cdsArchive(Path jar, Map<String, String> env) {
        if ("off".equals(env.get("DAAI_BACKUP_CDS"))) {
            return null;
        }
        try {
            String base = env.get("XDG_CACHE_HOME");
            if (base == null || base.isEmpty()) {
                String home = env.getOrDefault("HOME", System.getProperty("user.home", "/tmp"));
                base = Path.of(home, ".cache").toString();
            }
            Path cache = Path.of(base, "daai-backup");
            Files.createDirectories(cache);
            if (!Files.isWritable(cache)) {
                return null;
            }
            Path real = jar.toRealPath();
            CRC32 crc = new CRC32();
            crc.update(real.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return cache.resolve("jar-" + Files.size(real) + "-" + Files.getLastModifiedTime(real).toMillis() / 1000 + "-"
                    + Long.toHexString(crc.getValue()) + ".jsa");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static void keep(Path tmp, Path cds) {
        try {
            if (Files.isRegularFile(tmp) && Files.size(tmp) > 0) {
                Files.move(tmp, cds, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            // another first run won, or the folder went away: the next run tries again
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                tmp.toFile().deleteOnExit();
            }
        }
    }
}
