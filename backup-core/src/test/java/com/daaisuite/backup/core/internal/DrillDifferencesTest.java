package com.daaisuite.backup.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.daaisuite.backup.core.CollectionContents;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What makes a restored scratch database differ from what its snapshot recorded: one line per difference. */
class DrillDifferencesTest {
    static final String A = "a".repeat(64);
    static final String B = "b".repeat(64);

    static CollectionContents c(String name, long docs, String digest, String... indexes) {
        return new CollectionContents(name, "collection", docs, docs * 10, List.of(indexes), digest);
    }

    @Test
    void theSameCollectionsCountsDigestsAndIndexesInAnyOrderAreNoDifference() {
        assertThat(Drills.differences(List.of(c("invoices", 3, A, "_id_", "by_customer"), c("leads", 1, B, "_id_")),
                List.of(c("leads", 1, B, "_id_"), c("invoices", 3, A, "by_customer", "_id_")))).isEmpty();
    }

    @Test
    void aCountThatDiffersIsNamedWithBothCounts() {
        assertThat(Drills.differences(List.of(c("invoices", 50, A, "_id_")), List.of(c("invoices", 49, B, "_id_"))))
                .containsExactly("collection invoices has 49 documents, the snapshot recorded 50");
    }

    @Test
    void theSameCountWithOtherContentsIsADigestDifference() {
        assertThat(Drills.differences(List.of(c("invoices", 3, A, "_id_")), List.of(c("invoices", 3, B, "_id_"))))
                .singleElement().asString().contains("other contents").contains(A).contains(B);
    }

    @Test
    void missingExtraCollectionsAndIndexesAreEachReported() {
        assertThat(Drills.differences(List.of(c("invoices", 3, A, "_id_", "by_customer"), c("leads", 1, B, "_id_")),
                List.of(c("invoices", 3, A, "_id_"), c("strays", 1, B, "_id_")))).containsExactly(
                        "collection invoices has indexes [_id_], the snapshot recorded [_id_, by_customer]",
                        "collection leads is missing",
                        "collection strays is not in the snapshot");
    }
}
