package com.daaisuite.backup.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layer rules of docs/architecture.md, checked on the compiled main classes of every module
 * (tests are free to reach anywhere). A class belongs to the module whose {@code target/classes}
 * holds it; a dependency is any mention of another module's class in its constant pool. Breaking a
 * rule fails {@code mvn verify} with the offending class, the class it uses and the rule.
 */
class LayerRulesTest {
    /** Module directory -> the modules its main classes may use. */
    private static final Map<String, Set<String>> MAY_USE = new LinkedHashMap<>();

    static {
        Set<String> plugins = Set.of("backup-storage-fs", "backup-storage-s3", "backup-mongo");
        // The root exceptions depend on nothing; crypto on nothing of ours but them.
        MAY_USE.put("backup-api", Set.of());
        MAY_USE.put("backup-crypto", Set.of("backup-api"));
        // Core knows plugins only through its SPIs: no plugin module at all.
        MAY_USE.put("backup-core", Set.of("backup-api", "backup-crypto"));
        // Plugins implement core's SPI; they never know each other, nor need crypto.
        for (String p : plugins) {
            MAY_USE.put(p, Set.of("backup-api", "backup-core"));
        }
        MAY_USE.put("backup-test-support", Set.of("backup-api", "backup-crypto", "backup-core"));
        // Examples and benchmarks sit on top; nothing may use them (no module lists them).
        Set<String> top = Set.of("backup-api", "backup-crypto", "backup-core", "backup-storage-fs", "backup-storage-s3",
                "backup-mongo", "backup-test-support", "backup-web");
        MAY_USE.put("examples/cli", top);
        MAY_USE.put("examples/quickstart", top);
        MAY_USE.put("examples/scheduler", top);
        MAY_USE.put("backup-benchmarks", top);
        // The web console is a host-side module: the library's API, never a plugin's internals.
        MAY_USE.put("backup-web", Set.of("backup-api", "backup-crypto", "backup-core"));
        // Metrics bind the public events to Micrometer: the API only, like any host-side listener.
        MAY_USE.put("backup-micrometer", Set.of("backup-api", "backup-core"));
    }

    /** Modules placed in the rules before they exist on every branch; absent ones are skipped. */
    private static final Set<String> OPTIONAL = Set.of();

    /**
     * Internal classes another module may use, each with its reason. Everything else in a package
     * containing {@code .internal} is private to its module.
     */
    private static final Map<String, String> INTERNAL_EXCEPTIONS = Map.of(
            "backup-benchmarks -> com/daaisuite/backup/core/internal/ArchiveProof",
            "RestorePrecheckBenchmark measures what the restore's whole-archive proof costs (docs/reliability.md); "
                    + "the proof is a step of the restore workflow, not something a host calls",
            "backup-benchmarks -> com/daaisuite/backup/core/internal/ParallelGzipOutputStream",
            "the gzip and stage benchmarks measure the library's own parallel gzip exactly as the pipeline wires it; "
                    + "hosts never need it, so it is not public API",
            "backup-benchmarks -> com/daaisuite/backup/mongo/internal/archive/",
            "the benchmarks write and read synthetic mongodump archives with the library's own archive codec, to "
                    + "measure it and to feed the end-to-end harness; the format is the source's private business");

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** Binary class name -> its module. */
    private static final Map<String, String> OWNER = new TreeMap<>();
    /** Module -> (class file -> the classes of ours it mentions). */
    private static final Map<String, Map<String, Set<String>>> REFS = new TreeMap<>();

    @BeforeAll
    static void scan() throws IOException {
        for (String module : MAY_USE.keySet()) {
            Path classes = ROOT.resolve(module).resolve("target/classes");
            if (OPTIONAL.contains(module) && !Files.isDirectory(ROOT.resolve(module).resolve("src/main/java"))) {
                continue;
            }
            assertThat(classes).as("compiled classes of " + module + " (build the whole reactor)").isDirectory();
            Map<String, Set<String>> byClass = new TreeMap<>();
            try (Stream<Path> files = ClassReferences.classFiles(classes)) {
                files.forEach(f -> {
                    String name = classes.relativize(f).toString().replace('\\', '/').replaceAll("\\.class$", "");
                    OWNER.put(name, module);
                    try {
                        byClass.put(name, ClassReferences.of(f));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
            REFS.put(module, byClass);
        }
    }

    @Test
    void everyModuleExistsAndHasClasses() {
        for (String module : MAY_USE.keySet()) {
            if (!OPTIONAL.contains(module) || REFS.containsKey(module)) {
                assertThat(REFS.get(module)).as(module + " has compiled main classes").isNotEmpty();
            }
        }
    }

    @Test
    void noModuleUsesAModuleItMayNot() {
        List<String> violations = new ArrayList<>();
        REFS.forEach((module, byClass) -> byClass.forEach((cls, refs) -> {
            for (String ref : refs) {
                String target = OWNER.get(ref);
                if (target != null && !target.equals(module) && !MAY_USE.get(module).contains(target)) {
                    violations.add(module + ": " + cls.replace('/', '.') + " uses " + ref.replace('/', '.') + " of " + target
                            + " (" + module + " may use only " + (MAY_USE.get(module).isEmpty() ? "nothing of ours"
                                    : new java.util.TreeSet<>(MAY_USE.get(module))) + ")");
                }
            }
        }));
        assertThat(violations).as("forbidden module dependencies (docs/architecture.md, 'Layer rules')").isEmpty();
    }

    @Test
    void noModuleUsesAnotherModulesInternals() {
        List<String> violations = new ArrayList<>();
        REFS.forEach((module, byClass) -> byClass.forEach((cls, refs) -> {
            for (String ref : refs) {
                String target = OWNER.get(ref);
                if (target != null && !target.equals(module) && ref.contains("/internal/") && !excepted(module, ref)) {
                    violations.add(module + ": " + cls.replace('/', '.') + " uses " + ref.replace('/', '.')
                            + ", an internal class of " + target + " (use its public API or SPI)");
                }
            }
        }));
        assertThat(violations).as("uses of another module's internals (docs/architecture.md, 'Layer rules')").isEmpty();
    }

    @Test
    void everyExceptionIsStillNeeded() {
        // A stale exception would silently widen the rules: each must match at least one real use.
        for (String exception : INTERNAL_EXCEPTIONS.keySet()) {
            String module = exception.substring(0, exception.indexOf(" -> "));
            String prefix = exception.substring(exception.indexOf(" -> ") + 4);
            boolean used = REFS.getOrDefault(module, Map.of()).values().stream().flatMap(Set::stream).anyMatch(r -> r.startsWith(prefix));
            assertThat(used).as("exception still used: " + exception).isTrue();
        }
    }

    private static boolean excepted(String module, String ref) {
        return INTERNAL_EXCEPTIONS.keySet().stream().anyMatch(e -> e.startsWith(module + " -> ")
                && ref.startsWith(e.substring(e.indexOf(" -> ") + 4)));
    }

    @Test
    void theRulesCoverEveryLibraryModule() throws IOException {
        // A new module must be placed in the rules, or it could depend on anything unnoticed.
        try (Stream<Path> dirs = Files.list(ROOT)) {
            List<String> unplaced = dirs.filter(d -> Files.isDirectory(d.resolve("src/main/java")))
                    .map(d -> ROOT.relativize(d).toString())
                    .filter(m -> !MAY_USE.containsKey(m)).toList();
            assertThat(unplaced).as("modules with main code that the layer rules do not place").isEmpty();
        }
    }
}
