package com.daaisuite.backup.benchmarks.wave;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether this kernel lets a JVM back its heap with transparent huge pages ({@code -XX:+UseTransparentHugePages}
 * needs {@code [always]} or {@code [madvise]}). Asked before adding the flag: where they are not offered the
 * JVM prints a warning on its standard output, which is where the test server announces its address.
 */
final class ServerHugePages {
    private static final Path ENABLED = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");

    private ServerHugePages() {
    }

    static boolean offered() {
        try {
            String s = Files.readString(ENABLED);
            return s.contains("[always]") || s.contains("[madvise]");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
