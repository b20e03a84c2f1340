package com.daaisuite.backup.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar daai-backup.jar} re-runs itself with the launcher's JVM options: tested on a real jar
 * (the CLI's classes, the test classpath as its manifest Class-Path) started by a real {@code java}.
 */
class RelaunchTest {
    @TempDir
    static Path dir;
    static Path jar;

    @BeforeAll
    static void buildJar() throws IOException {
        Path classes = Path.of(Relaunch.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, DaaiBackupCli.class.getName());
        String deps = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(Path::of).filter(p -> !p.equals(classes) && Files.isRegularFile(p))
                .map(p -> p.toUri().toString()).collect(Collectors.joining(" "));
        m.getMainAttributes().put(Attributes.Name.CLASS_PATH, deps);
        jar = dir.resolve("daai-backup.jar");
        try (OutputStream f = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(f, m);
                Stream<Path> files = Files.walk(classes)) {
            for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace(File.separatorChar, '/')));
                Files.copy(p, out);
                out.closeEntry();
            }
        }
    }

    private record Run(int code, String output) {}

    private static Run java(Map<String, String> env, List<String> jvmOptions, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(jvmOptions);
        cmd.add("-jar");
        cmd.add(jar.toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("JDK_JAVA_OPTIONS");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("DAAI_BACKUP_RELAUNCH");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    private static List<Path> archives(Path cache) throws IOException {
        Path d = cache.resolve("daai-backup");
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.toList();
        }
    }

    @Test
    void aBareJavaJarRunsTheCommandInATunedChildThatRecordsItsClassDataArchiveOnceAndReusesIt() throws Exception {
        Path cache = Files.createDirectories(dir.resolve("cache-tuned"));
        Path store = Files.createDirectories(dir.resolve("store-tuned"));
        Map<String, String> env = Map.of("XDG_CACHE_HOME", cache.toString());

        Run first = java(env, List.of(), "list", "--storage", store.toUri().toString(), "--tenant", "acme");
        assertThat(first.code()).as(first.output()).isZero();
        assertThat(first.output()).contains("No snapshots for tenant acme");
        // Only a child started with -XX:ArchiveClassesAtExit writes the archive; the parent moved it into place.
        List<Path> made = archives(cache);
        assertThat(made).hasSize(1);
        assertThat(made.get(0).getFileName().toString()).startsWith("jar-").endsWith(".jsa");
        long size = Files.size(made.get(0));

        Run second = java(env, List.of(), "list", "--storage", store.toUri().toString(), "--tenant", "acme");
        assertThat(second.code()).isZero();
        assertThat(second.output()).isEqualTo(first.output());
        assertThat(archives(cache)).containsExactly(made.get(0));
        assertThat(Files.size(made.get(0))).isEqualTo(size);
    }

    @Test
    void theChildsExitCodeIsTheCommandsExitCode() throws Exception {
        Path cache = Files.createDirectories(dir.resolve("cache-codes"));
        Run usage = java(Map.of("XDG_CACHE_HOME", cache.toString()), List.of(), "list", "--no-such-option");
        assertThat(usage.code()).as(usage.output()).isEqualTo(ExitCodes.USAGE);
        assertThat(usage.output()).contains("Missing required options");
        assertThat(archives(cache)).hasSize(1);
    }

    @Test
    void nothingIsRelaunchedWhenTheUserGaveJvmOptionsOrTurnedItOffOrAskedForHelp() throws Exception {
        Path store = Files.createDirectories(dir.resolve("store-bare"));
        String[] list = {"list", "--storage", store.toUri().toString(), "--tenant", "acme"};

        Path withOptions = Files.createDirectories(dir.resolve("cache-options"));
        assertThat(java(Map.of("XDG_CACHE_HOME", withOptions.toString()), List.of("-Xmx256m"), list).code()).isZero();
        assertThat(archives(withOptions)).isEmpty();

        Path off = Files.createDirectories(dir.resolve("cache-off"));
        assertThat(java(Map.of("XDG_CACHE_HOME", off.toString(), "DAAI_BACKUP_RELAUNCH", "off"), List.of(), list).code())
                .isZero();
        assertThat(archives(off)).isEmpty();

        Path help = Files.createDirectories(dir.resolve("cache-help"));
        Run h = java(Map.of("XDG_CACHE_HOME", help.toString()), List.of(), "--help");
        assertThat(h.code()).isZero();
        assertThat(h.output()).contains("Usage: daai-backup");
        assertThat(archives(help)).isEmpty();
    }

    @Test
    void theLauncherScriptStartsTheJvmWithTheSameOptionsAsTheRelaunch() throws IOException {
        Path script = Path.of("bin", "daai-backup");
        String text = Files.readString(script, StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("(?s)\\nopts=\\((.*?)\\)\\n").matcher(text);
        assertThat(m.find()).as("the opts=(...) array of " + script).isTrue();
        List<String> options = new ArrayList<>();
        Matcher word = Pattern.compile("'([^']*)'|(\\S+)").matcher(m.group(1));
        while (word.find()) {
            options.add(word.group(1) != null ? word.group(1) : word.group(2));
        }
        assertThat(options).containsExactlyElementsOf(Relaunch.OPTIONS);
    }
}
