package com.daaisuite.backup.examples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickstartTest {
    @Test
    void quickstartBacksUpAndRestoresLeavingAManualAndAPreRestoreArchive(@TempDir Path dir) throws Exception {
        Quickstart.main(new String[] {dir.toString()});

        try (Stream<Path> files = Files.list(dir.resolve("acme").resolve("db-backups"))) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".gz.enc")))
                    .hasSize(2)
                    .anyMatch(n -> n.startsWith("manual_"))
                    .anyMatch(n -> n.startsWith("pre-restore_"));
        }
    }
}
