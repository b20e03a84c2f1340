package com.daaisuite.backup.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;

/** The snapshot-name grammar the library, the CLI and hosts share. */
class SnapshotNameTest {
    private static final Instant AT = Instant.parse("2026-11-26T10:00:00Z");

    @Test
    void namesAreLabelUtcSecondSuffixAndExtension() {
        assertThat(SnapshotName.of(SnapshotLabel.MANUAL, AT.plusMillis(999), true).fileName())
                .isEqualTo("manual_20261126T100000Z.gz.enc");
        assertThat(SnapshotName.of(SnapshotLabel.MONTHLY, AT, false).withSuffix("2").fileName())
                .isEqualTo("monthly_20261126T100000Z_2.gz");
        assertThat(SnapshotName.of(SnapshotLabel.PRE_RESTORE, AT, true).manifestFileName())
                .isEqualTo("pre-restore_20261126T100000Z.gz.enc.manifest.json");
    }

    @Test
    void parseReadsBackWhatItSaysAndNothingElse() {
        assertThat(SnapshotName.parse("24-hour_20261126T100000Z_k3f6a1c2e.gz.enc")).contains(
                new SnapshotName(SnapshotLabel.TWENTY_FOUR_HOUR, AT, Optional.of("k3f6a1c2e"), true));
        for (String foreign : List.of("manual_20261126T100000Z.gz.enc.manifest.json", "manual_20261126T100000Z.gz.enc.pin",
                "Manual_20261126T100000Z.gz.enc", "manual_20261326T100000Z.gz.enc", "manual_20261126T100000Z_UP.gz",
                "weekly_20261126T100000Z.gz", "../manual_20261126T100000Z.gz", "")) {
            assertThat(SnapshotName.parse(foreign)).as(foreign).isEmpty();
        }
        assertThatThrownBy(() -> SnapshotName.require("notes.txt")).isInstanceOf(InvalidNameException.class)
                .hasMessageContaining("manual_20261126T100000Z.gz.enc");
    }

    @Test
    void aSuffixOutsideTheGrammarIsRefused() {
        assertThatThrownBy(() -> SnapshotName.of(SnapshotLabel.MANUAL, AT, true).withSuffix("../x"))
                .isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> SnapshotName.of(SnapshotLabel.MANUAL, AT, true).withSuffix("a".repeat(17)))
                .isInstanceOf(InvalidNameException.class);
    }

    @Test
    void everyNameRoundTrips() {
        List<SnapshotLabel> labels = List.of(SnapshotLabel.values());
        qt().withExamples(500).forAll(Generate.pick(labels), Generate.longRange(0, 253402300799L),
                Generate.pick(List.of("", "2", "10", "k0123abcd", "zz9", "a".repeat(16))), Generate.booleans())
                .checkAssert((label, seconds, suffix, encrypted) -> {
                    SnapshotName n = new SnapshotName(label, Instant.ofEpochSecond(seconds),
                            suffix.isEmpty() ? Optional.empty() : Optional.of(suffix), encrypted);
                    assertThat(SnapshotName.parse(n.fileName())).contains(n);
                });
    }

    @Test
    void newestFirstOrdersByTimeThenSuffixNumerically() {
        List<SnapshotName> names = new ArrayList<>(List.of(
                SnapshotName.of(SnapshotLabel.MANUAL, AT, true).withSuffix("10"),
                SnapshotName.of(SnapshotLabel.MANUAL, AT, true),
                SnapshotName.of(SnapshotLabel.MANUAL, AT.plusSeconds(1), true),
                SnapshotName.of(SnapshotLabel.MANUAL, AT, true).withSuffix("2")));
        names.sort(SnapshotName.NEWEST_FIRST);
        assertThat(names).extracting(SnapshotName::fileName).containsExactly("manual_20261126T100001Z.gz.enc",
                "manual_20261126T100000Z_10.gz.enc", "manual_20261126T100000Z_2.gz.enc", "manual_20261126T100000Z.gz.enc");
    }
}
