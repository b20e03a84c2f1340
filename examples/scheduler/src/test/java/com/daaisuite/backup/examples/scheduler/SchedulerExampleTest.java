package com.daaisuite.backup.examples.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.daaisuite.backup.core.BackupService.ScheduledOutcome;
import com.daaisuite.backup.core.BackupService.ScheduledOutcome.Outcome;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchedulerExampleTest {
    @Test
    void threeSimulatedDaysBackUpActiveTenantsNightlyAndSkipTheSuspendedOne(@TempDir Path dir) throws Exception {
        List<ScheduledOutcome> outcomes = SchedulerExample.run(dir);

        // Ticks run from 23:30 IST for 12 x 6 hours. A new tenant is already past today's 01:00 slot, so the
        // first tick backs it up at once (catch-up); then the 01:00 slots of three nights fall inside.
        assertThat(outcomes).filteredOn(o -> o.tenantId().equals("acme") && o.outcome() == Outcome.BACKED_UP).hasSize(4);
        assertThat(outcomes).filteredOn(o -> o.tenantId().equals("sandbox") && o.outcome() == Outcome.BACKED_UP).hasSize(4);
        assertThat(outcomes).filteredOn(o -> o.outcome() == Outcome.BACKED_UP)
                .allMatch(o -> o.result().orElseThrow().snapshot().fileName().matches("(24-hour|daily)_\\d{8}T\\d{6}Z\\.gz\\.enc"));
        assertThat(outcomes).filteredOn(o -> o.tenantId().equals("initech"))
                .isNotEmpty()
                .allMatch(o -> o.outcome() == Outcome.SKIPPED_SUSPENDED);
        assertThat(outcomes).noneMatch(o -> o.outcome() == Outcome.FAILED);
    }
}
