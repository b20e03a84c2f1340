package com.daaisuite.backup.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class TenantTest {

    @Test
    void aBuilderNamesEachValueAndDefaultsTheRest() {
        Tenant t = Tenant.builder("acme").workspaceName("Acme Traders").build();
        assertThat(t.id()).isEqualTo("acme");
        assertThat(t.workspaceName()).isEqualTo("Acme Traders");
        assertThat(t.databaseName()).isEqualTo("acme");
        assertThat(t.frequency()).isEqualTo(SnapshotLabel.TWENTY_FOUR_HOUR);
        assertThat(t.zone()).isEqualTo(Tenant.DEFAULT_ZONE);
        assertThat(t.sandbox()).isFalse();
        assertThat(t.active()).isTrue();

        Tenant s = t.toBuilder().frequency(SnapshotLabel.DAILY).sandbox(true).active(false)
                .zone(ZoneId.of("Europe/Berlin")).databaseName("db_acme").build();
        assertThat(s).isEqualTo(new Tenant("acme", "Acme Traders", "db_acme", SnapshotLabel.DAILY,
                ZoneId.of("Europe/Berlin"), true, false));
    }

    @Test
    void onlyScheduledLabelsAreFrequencies() {
        assertThat(SnapshotLabel.frequencyFromLabel(" 7-Day ")).isEqualTo(SnapshotLabel.SEVEN_DAY);
        assertThat(SnapshotLabel.SEVEN_DAY.interval()).isEqualTo(Duration.ofDays(7));
        assertThat(SnapshotLabel.DAILY.sandboxOnly()).isTrue();
        assertThatThrownBy(() -> SnapshotLabel.frequencyFromLabel("manual"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown frequency 'manual'").hasMessageContaining("24-hour");
        assertThatThrownBy(() -> SnapshotLabel.MANUAL.interval()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Tenant.builder("acme").frequency(SnapshotLabel.PRE_RESTORE).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'pre-restore' is not a schedule");
        // The file-name parser still knows every label.
        assertThat(SnapshotLabel.fromLabel("pre-restore")).isEqualTo(SnapshotLabel.PRE_RESTORE);
    }
}
