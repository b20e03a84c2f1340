package com.daaisuite.backup.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command: the demo must tell the whole story and exit 0, also when run again. */
class DemoTest {
    @TempDir
    Path dir;

    @Test
    void demoTellsTheWholeStoryTwiceInOneFolderFirstWithAThrowawayKeyThenWithTheConfiguredOne() {
        CliHarness.Result first = CliHarness.run(Map.of(), "demo", "--dir", dir.toString());

        assertThat(first.code()).as(first.toString()).isZero();
        assertThat(first.out()).contains("WARNING", "THROWAWAY", "1. Seeded the workspace", "2. Backup Now",
                "Date/Time", "Frequency", "Size", "Encryption", "File", "4. Accident!",
                "Type the workspace name to confirm: Acme Traders", "6. Proof", "Every collection matches",
                "monthly_20250101T000000Z.gz is a legacy plaintext archive", "its origin cannot be verified",
                "pre-restore_", "Demo complete");
        assertThat(first.out()).doesNotContain("DIFFERENT");

        var key = CliHarness.newKey();
        CliHarness.Result second = CliHarness.run(CliHarness.env(key), "demo", "--dir", dir.toString());

        assertThat(second.code()).as(second.toString()).isZero();
        assertThat(second.out()).contains("from BACKUP_ENCRYPTION_KEY (key id " + key.id() + ")")
                .doesNotContain("THROWAWAY")
                .doesNotContain(CliHarness.encode(key));
        CliHarness.Result list = CliHarness.run(Map.of(), "list", "--storage", dir.toString(), "--tenant", "acme");
        // two demo runs: a manual backup and a pre-restore safety backup each, and the one legacy archive
        assertThat(list.out()).contains("5 snapshot(s)");
    }
}
