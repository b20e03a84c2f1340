package com.daaisuite.backup.examples.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Java sample of the documentation compiles: each {@code ```java} block of the README, the
 * module READMEs and docs/*.md, and each {@code <pre>{@code ...}</pre>} block of the public Javadoc
 * (every package under {@code src/main/java} but {@code internal} ones), must be — after removing common indentation — exactly one of the
 * {@code // sample:} regions of this module, which {@code mvn verify} compiles.
 */
class DocSamplesTest {
    static final Path ROOT = repositoryRoot();
    private static final Pattern FENCE_OPEN = Pattern.compile("^\\s*```java\\s*$");
    private static final Pattern FENCE_CLOSE = Pattern.compile("^\\s*```\\s*$");

    record Block(String where, String text) {}

    @Test
    void everyJavaSampleOfTheDocumentationIsACompiledRegionOfThisModule() {
        Map<String, String> regions = regions();
        List<Block> blocks = new ArrayList<>();
        blocks.addAll(markdownBlocks());
        blocks.addAll(javadocBlocks());
        // Guard against a scanner that silently finds nothing.
        assertThat(blocks).as("documentation samples found").hasSizeGreaterThanOrEqualTo(15);
        List<String> missing = new ArrayList<>();
        for (Block b : blocks) {
            if (!regions.containsValue(b.text())) {
                missing.add(b.where() + ":\n" + b.text());
            }
        }
        assertThat(missing).as("Samples that no region of examples/samples compiles. Copy each into a "
                + "'// sample: <name>' ... '// end-sample' region there (Samples.java shows how), or correct the "
                + "documentation to match its region").isEmpty();
    }

    @Test
    void theRegionsThemselvesAreFoundSoTheCheckCanFail() {
        Map<String, String> regions = regions();
        assertThat(regions).containsKeys("README quickstart", "Backups Javadoc", "operations: Spring");
        assertThat(regions.get("README quickstart")).contains("backups.backupNow(actor, \"acme\"");
    }

    /** The regions of this module's sources, by name, de-indented. */
    static Map<String, String> regions() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Path p : javaFiles(ROOT.resolve("examples/samples/src/main/java"))) {
            List<String> lines = lines(p);
            for (int i = 0; i < lines.size(); i++) {
                String l = lines.get(i).strip();
                if (l.startsWith("// sample:")) {
                    String name = l.substring("// sample:".length()).strip();
                    int j = i + 1;
                    while (!lines.get(j).strip().equals("// end-sample")) {
                        j++;
                    }
                    String previous = out.put(name, normalize(lines.subList(i + 1, j)));
                    assertThat(previous).as("two regions named '" + name + "'").isNull();
                    i = j;
                }
            }
        }
        return out;
    }

    /** The README, docs/*.md and every module's README. */
    static List<Path> markdownFiles() {
        List<Path> files = new ArrayList<>();
        files.add(ROOT.resolve("README.md"));
        files.addAll(list(ROOT.resolve("docs"), 1, ".md"));
        for (Path module : list(ROOT, 1, "")) {
            if (Files.isRegularFile(module.resolve("README.md"))) {
                files.add(module.resolve("README.md"));
            }
        }
        for (Path module : list(ROOT.resolve("examples"), 1, "")) {
            if (Files.isRegularFile(module.resolve("README.md"))) {
                files.add(module.resolve("README.md"));
            }
        }
        return files;
    }

    static List<Block> markdownBlocks() {
        List<Block> out = new ArrayList<>();
        for (Path f : markdownFiles()) {
            List<String> lines = lines(f);
            for (int i = 0; i < lines.size(); i++) {
                if (FENCE_OPEN.matcher(lines.get(i)).matches()) {
                    int j = i + 1;
                    while (!FENCE_CLOSE.matcher(lines.get(j)).matches()) {
                        j++;
                    }
                    out.add(new Block(ROOT.relativize(f) + " line " + (i + 1), normalize(lines.subList(i + 1, j))));
                    i = j;
                }
            }
        }
        return out;
    }

    static List<Block> javadocBlocks() {
        List<Block> out = new ArrayList<>();
        for (Path module : list(ROOT, 1, "")) {
            for (Path p : javaFiles(module.resolve("src/main/java"))) {
                // The published Javadoc: internal packages are not, and their blocks may show other formats.
                if (p.toString().contains("/internal/")) {
                    continue;
                }
                List<String> lines = lines(p);
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).contains("<pre>{@code")) {
                        int j = i + 1;
                        while (!lines.get(j).contains("}</pre>")) {
                            j++;
                        }
                        List<String> body = lines.subList(i + 1, j).stream()
                                .map(l -> l.replaceFirst("^\\s*\\* ?", "").replace("{@literal @}", "@").replace("&#64;", "@"))
                                .toList();
                        out.add(new Block(ROOT.relativize(p) + " line " + (i + 1), normalize(body)));
                        i = j;
                    }
                }
            }
        }
        return out;
    }

    /** Drops blank first and last lines and trailing spaces, and removes the common indentation. */
    static String normalize(List<String> lines) {
        int from = 0;
        int to = lines.size();
        while (from < to && lines.get(from).isBlank()) {
            from++;
        }
        while (to > from && lines.get(to - 1).isBlank()) {
            to--;
        }
        List<String> body = lines.subList(from, to).stream().map(String::stripTrailing).toList();
        int indent = body.stream().filter(l -> !l.isEmpty()).mapToInt(l -> l.length() - l.stripLeading().length())
                .min().orElse(0);
        return String.join("\n", body.stream().map(l -> l.isEmpty() ? l : l.substring(indent)).toList());
    }

    private static List<Path> javaFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> list(Path dir, int depth, String suffix) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> suffix.isEmpty() ? Files.isDirectory(p) : p.toString().endsWith(suffix))
                    .filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> lines(Path p) {
        try {
            return Files.readAllLines(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path repositoryRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !(Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("backup-bom")))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("Run from inside the daai-backup repository");
        }
        return p;
    }
}
