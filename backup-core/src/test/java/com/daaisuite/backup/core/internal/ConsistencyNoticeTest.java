package com.daaisuite.backup.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConsistencyNoticeTest {

    @Test
    void aSourceWarningThatEndsWithAPeriodAndSaysPartlyIncludedIsNeitherDoubledNorRepeated() {
        String notice = ConsistencyNotice.of(List.of("The dump of daai_acme is not a point-in-time snapshot: the server "
                + "is a standalone; writes made while it ran may be partly included."));
        assertThat(notice).doesNotContain("..").doesNotContain(". A write")
                .containsOnlyOnce("partly included")
                .isEqualTo("Backups of this workspace are not point-in-time snapshots: the dump of daai_acme is not a "
                        + "point-in-time snapshot: the server is a standalone; writes made while it ran may be partly "
                        + "included. Run MongoDB as a replica set (a single-node replica set is enough) for consistent snapshots.");
    }

    @Test
    void withoutAReasonTheNoticeSaysWhatMayHappenAndWhatToDo() {
        assertThat(ConsistencyNotice.of(List.of())).isEqualTo("Backups of this workspace are not point-in-time snapshots: "
                + "the database server could not read the whole database at one point in time. A write during a backup may "
                + "be only partly included. Run MongoDB as a replica set (a single-node replica set is enough) for "
                + "consistent snapshots.");
    }
}
