package com.daaisuite.backup.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.daaisuite.backup.ConfigurationException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scheduled backups are written at a smaller level than the ones a person waits for. */
class CompressionLevelTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static int recordedLevel(Fixture f, int row) {
        List<SnapshotInfo> page = f.catalog().listWithDetails(Fixture.VIEWER, "acme", 0, 10);
        return page.get(row).manifest().orElseThrow().compressionLevel();
    }

    @Test
    void byDefaultScheduledBackupsUseLevel8AndBackupNowLevel3() throws Exception {
        try (Fixture f = new Fixture()) {
            f.service().backupNow(Fixture.OPERATOR, "acme", "fast").await(WAIT);
            f.clock.advance(Duration.ofMinutes(1));
            f.service().backup(Fixture.SCHEDULER, "acme", BackupTrigger.SCHEDULED);
            assertThat(recordedLevel(f, 0)).as("scheduled").isEqualTo(8);
            assertThat(recordedLevel(f, 1)).as("manual").isEqualTo(3);
            assertThat(f.backups.settings().compressionLevelFor(BackupTrigger.PRE_RESTORE)).isEqualTo(3);
            assertThat(f.backups.settings().scheduledCompressionLevel()).isEqualTo(BackupsSettings.DEFAULT_SCHEDULED_COMPRESSION_LEVEL);
        }
    }

    @Test
    void aHostThatSetOnlyCompressionLevelGetsItForEveryTrigger() throws Exception {
        try (Fixture f = new Fixture(b -> b.compressionLevel(1))) {
            f.service().backup(Fixture.SCHEDULER, "acme", BackupTrigger.SCHEDULED);
            assertThat(recordedLevel(f, 0)).isEqualTo(1);
            assertThat(f.backups.settings().compressionLevelFor(BackupTrigger.MANUAL)).isEqualTo(1);
        }
    }

    @Test
    void bothLevelsCanBeSetApart() throws Exception {
        try (Fixture f = new Fixture(b -> b.compressionLevel(2).scheduledCompressionLevel(9))) {
            f.service().backup(Fixture.SCHEDULER, "acme", BackupTrigger.SCHEDULED);
            f.clock.advance(Duration.ofMinutes(1));
            f.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL);
            assertThat(recordedLevel(f, 0)).as("manual").isEqualTo(2);
            assertThat(recordedLevel(f, 1)).as("scheduled").isEqualTo(9);
        }
    }

    @Test
    void aScheduledLevelOutsideOneToNineIsRefusedAtBuild() {
        assertThatThrownBy(() -> new Fixture(b -> b.scheduledCompressionLevel(10)).close())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("scheduledCompressionLevel must be 1..9, got 10");
        assertThatThrownBy(() -> new Fixture(b -> b.scheduledCompressionLevel(0)).close())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("scheduledCompressionLevel must be 1..9, got 0");
    }
}
