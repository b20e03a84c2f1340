package com.daaisuite.backup.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What the module promises about its layers, checked on its sources: the public API of the library
 * only (never an {@code internal} package), and three classes, {@code Screen}, {@code ContentsScreen} (the
 * comparisons) and {@code PartialRestoreScreen} ("Only some data"), that call it.
 */
class LayersTest {
    static final Path MAIN = Paths.get("src", "main", "java");

    static List<Path> sources() throws IOException {
        try (Stream<Path> s = Files.walk(MAIN)) {
            return s.filter(p -> p.toString().endsWith(".java")).collect(Collectors.toList());
        }
    }

    @Test
    void no_source_uses_an_internal_package_of_the_library() throws IOException {
        List<Path> sources = sources();
        assertThat(sources).hasSizeGreaterThan(10);
        for (Path p : sources) {
            assertThat(Files.readString(p)).as(p.toString())
                    .doesNotContain("com.daaisuite.backup.core.internal", "com.daaisuite.backup.crypto.internal",
                            "com.daaisuite.backup.api.internal");
        }
    }

    /** A call on the library's facade or one of its services. */
    static final Pattern LIBRARY_CALL = Pattern.compile("\\bbackups\\s*\\.\\s*\\w+\\s*\\(|\\.catalog\\(\\)|\\.restores\\(\\)|\\bbackupNow\\(");

    @Test
    void only_screen_calls_the_library() throws IOException {
        int screenCalls = 0;
        for (Path p : sources()) {
            String text = Files.readString(p);
            long calls = LIBRARY_CALL.matcher(text).results().count();
            if (p.endsWith(Paths.get("com", "daaisuite", "backup", "web", "Screen.java"))) {
                screenCalls += calls;
            } else if (p.endsWith(Paths.get("com", "daaisuite", "backup", "web", "ContentsScreen.java"))) {
                assertThat(calls).as("the comparisons call the library").isGreaterThan(0);
            } else if (p.endsWith(Paths.get("com", "daaisuite", "backup", "web", "PartialRestoreScreen.java"))) {
                assertThat(calls).as("\"Only some data\" calls the library").isGreaterThan(0);
            } else {
                assertThat(calls).as("library calls in " + p).isZero();
                if (!p.endsWith(Paths.get("com", "daaisuite", "backup", "web", "BackupsWeb.java"))) {
                    // Only the builder takes the facade, to hand it to Screen.
                    assertThat(text).as(p.toString()).doesNotContain("import com.daaisuite.backup.core.Backups;");
                }
            }
        }
        assertThat(screenCalls).as("the check finds Screen's own calls").isGreaterThan(5);
    }
}
