package com.daaisuite.backup.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.daaisuite.backup.core.Actor;
import com.daaisuite.backup.core.BackupEvent;
import org.junit.jupiter.api.Test;

class EventsLogLineTest {

    @Test
    void aLogLineNamesOnlyTheFieldsAnEventHasAndNeverSaysNull() {
        assertThat(Events.logLine(BackupEvent.Type.BACKUP_REFUSED, "acme", null, Actor.user("ops"), "no encryption key"))
                .isEqualTo("BACKUP_REFUSED tenant=acme actor=ops: no encryption key");
        assertThat(Events.logLine(BackupEvent.Type.BACKUP_COMPLETED, "acme", "manual_20261126T100000Z.gz.enc", null, null))
                .isEqualTo("BACKUP_COMPLETED tenant=acme file=manual_20261126T100000Z.gz.enc");
        assertThat(Events.logLine(BackupEvent.Type.BACKUP_SKIPPED, null, "", null, ""))
                .isEqualTo("BACKUP_SKIPPED").doesNotContain("null");
    }
}
