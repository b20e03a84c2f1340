package com.daaisuite.backup.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.daaisuite.backup.core.InvalidNameException;
import com.daaisuite.backup.core.SnapshotLabel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArchiveNamesTest {
    private static final Instant AT = Instant.parse("2026-11-26T01:30:00.750Z");

    @Test
    void namesAreLabelUtcSecondAndExtension() {
        assertThat(ArchiveNames.name(SnapshotLabel.MANUAL, AT, null, true)).isEqualTo("manual_20261126T013000Z.gz.enc");
        assertThat(ArchiveNames.name(SnapshotLabel.PRE_RESTORE, AT, "2", false)).isEqualTo("pre-restore_20261126T013000Z_2.gz");
        assertThat(ArchiveNames.name(SnapshotLabel.FIFTEEN_DAY, AT, null, true)).isEqualTo("15-day_20261126T013000Z.gz.enc");
    }

    @Test
    void everyLabelRoundTripsThroughTheParser() {
        for (SnapshotLabel l : SnapshotLabel.values()) {
            for (boolean enc : new boolean[] {true, false}) {
                String n = ArchiveNames.name(l, AT, "a1", enc);
                ArchiveNames.Parsed p = ArchiveNames.parse(n).orElseThrow();
                assertThat(p.label()).isEqualTo(l);
                assertThat(p.createdAt()).isEqualTo(Instant.parse("2026-11-26T01:30:00Z"));
                assertThat(p.suffix()).contains("a1");
                assertThat(p.encrypted()).isEqualTo(enc);
            }
        }
    }

    @Test
    void theParserIgnoresManifestsPinsAndForeignNames() {
        for (String n : List.of("manual_20261126T013000Z.gz.enc.manifest.json", "manual_20261126T013000Z.gz.enc.pin",
                "weekly_20261126T013000Z.gz", "manual_20261126T013000Z.zip", "manual_20261126T013000.gz",
                "manual_20261332T013000Z.gz", "manual_20260230T013000Z.gz", "manual_20261126T013000Z_.gz", "notes.txt",
                "manual_20261126T013000Z_UPPER.gz")) {
            assertThat(ArchiveNames.parse(n)).as(n).isEmpty();
        }
    }

    @Test
    void suffixesAreValidated() {
        assertThatThrownBy(() -> ArchiveNames.name(SnapshotLabel.MANUAL, AT, "../x", true)).isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> ArchiveNames.name(SnapshotLabel.MANUAL, AT, "", true)).isInstanceOf(InvalidNameException.class);
    }

    @Test
    void aFreeNameSkipsTakenNamesOfEitherExtension() {
        String first = ArchiveNames.freeName(SnapshotLabel.MANUAL, AT, true, Set.of());
        assertThat(first).isEqualTo("manual_20261126T013000Z.gz.enc");
        String second = ArchiveNames.freeName(SnapshotLabel.MANUAL, AT, true, Set.of("manual_20261126T013000Z.gz"));
        assertThat(second).isEqualTo("manual_20261126T013000Z_2.gz.enc");
    }

    @Test
    void newestFirstOrdersByTimeThenSuffixNumerically() {
        List<ArchiveNames.Parsed> l = new ArrayList<>();
        for (String n : List.of("manual_20261126T013000Z.gz.enc", "manual_20261126T013000Z_10.gz.enc",
                "manual_20261126T013000Z_2.gz.enc", "monthly_20261127T010000Z.gz", "daily_20251231T235959Z.gz.enc")) {
            l.add(ArchiveNames.parse(n).orElseThrow());
        }
        l.sort(ArchiveNames.NEWEST_FIRST);
        assertThat(l).extracting(ArchiveNames.Parsed::fileName).containsExactly("monthly_20261127T010000Z.gz",
                "manual_20261126T013000Z_10.gz.enc", "manual_20261126T013000Z_2.gz.enc", "manual_20261126T013000Z.gz.enc",
                "daily_20251231T235959Z.gz.enc");
    }

    @Test
    void parsingNullIsEmpty() {
        assertThat(ArchiveNames.parse(null)).isEqualTo(Optional.empty());
    }
}
