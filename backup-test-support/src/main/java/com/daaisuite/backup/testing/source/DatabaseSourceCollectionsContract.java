package com.daaisuite.backup.testing.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.daaisuite.backup.BackupException;
import com.daaisuite.backup.core.spi.CollectionSummary;
import com.daaisuite.backup.core.spi.ProgressListener;
import com.daaisuite.backup.core.spi.RestoreSummary;
import com.daaisuite.backup.core.spi.RestoreTarget;
import java.io.ByteArrayInputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The part of {@link DatabaseSourceContract} about restoring chosen collections
 * ({@link RestoreTarget#collections()}): a source that says it can
 * ({@link com.daaisuite.backup.core.spi.DatabaseSource#restoresCollections()}) replaces exactly those and
 * leaves every other collection as it is; one that cannot refuses such a target and changes nothing.
 * Extend {@link DatabaseSourceContract}, not this.
 */
public abstract class DatabaseSourceCollectionsContract extends DatabaseSourceHooks {
    /** Live after snapshot "before": customers and invoices changed, audit_log kept, one collection added. */
    private static Map<String, List<TestDocument>> laterLive() {
        Map<String, List<TestDocument>> live = new LinkedHashMap<>(sample("after"));
        live.put("added_later", docs("later", 4));
        return live;
    }

    @Test
    public void aCollectionsRestoreMakesEachChosenCollectionTheSnapshotsAndLeavesEveryOtherAsItIs() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(source().restoresCollections(), "the source restores whole databases only");
        String db = databaseName("cols");
        seed(db, sample("before"));
        byte[] payload = dump(db);
        seed(db, laterLive());
        RestoreSummary s = source().restore(new ByteArrayInputStream(payload), RestoreTarget.of(db).withCollections(
                List.of("invoices")), ProgressListener.NONE);
        Map<String, List<TestDocument>> expected = new LinkedHashMap<>(laterLive());
        expected.put("invoices", sample("before").get("invoices"));
        assertThat(normalized(read(db))).isEqualTo(normalized(expected));
        assertThat(s.collections()).extracting(CollectionSummary::name).containsExactly("invoices");
        assertThat(s.documents()).isEqualTo(40);
        assertThat(s.droppedCollections()).isEmpty();
        assertThat(source().interruptedRestore(db)).isEmpty();
    }

    @Test
    public void aChosenCollectionDroppedSinceTheSnapshotComesBackAndNothingElseMoves() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(source().restoresCollections(), "the source restores whole databases only");
        String db = databaseName("colsback");
        seed(db, sample("before"));
        byte[] payload = dump(db);
        Map<String, List<TestDocument>> live = new LinkedHashMap<>(laterLive());
        live.remove("audit_log");
        seed(db, live);
        source().restore(new ByteArrayInputStream(payload), RestoreTarget.of(db).withCollections(List.of("audit_log",
                "customers")), ProgressListener.NONE);
        Map<String, List<TestDocument>> expected = new LinkedHashMap<>(live);
        expected.put("audit_log", sample("before").get("audit_log"));
        expected.put("customers", sample("before").get("customers"));
        assertThat(normalized(read(db))).isEqualTo(normalized(expected));
    }

    @Test
    public void aCollectionsRestoreWhoseBeforeSwapThrowsChangesNothing() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(source().restoresCollections(), "the source restores whole databases only");
        String db = databaseName("colsfail");
        seed(db, sample("before"));
        byte[] payload = dump(db);
        seed(db, laterLive());
        BackupException refusal = new com.daaisuite.backup.core.QuotaExceededException("the safety backup does not fit");
        assertThatThrownBy(() -> source().restore(new ByteArrayInputStream(payload), RestoreTarget.of(db)
                .withCollections(List.of("customers")), ProgressListener.NONE, () -> {
                    throw refusal;
                })).isSameAs(refusal);
        assertThat(normalized(read(db))).isEqualTo(normalized(laterLive()));
    }

    @Test
    public void aChosenCollectionThePayloadDoesNotHoldIsRefusedAndNothingChanges() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(source().restoresCollections(), "the source restores whole databases only");
        String db = databaseName("colsmissing");
        seed(db, sample("before"));
        byte[] payload = dump(db);
        seed(db, laterLive());
        assertThatThrownBy(() -> source().restore(new ByteArrayInputStream(payload), RestoreTarget.of(db)
                .withCollections(List.of("customers", "added_later")), ProgressListener.NONE))
                .isInstanceOf(BackupException.class).hasMessageContaining("added_later");
        assertThat(normalized(read(db))).isEqualTo(normalized(laterLive()));
    }

    @Test
    public void aSourceThatCannotRestoreCollectionsRefusesATargetNamingThemAndChangesNothing() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(source().restoresCollections(), "the source restores collections");
        String db = databaseName("colsrefused");
        seed(db, sample("before"));
        byte[] payload = dump(db);
        seed(db, laterLive());
        assertThatThrownBy(() -> source().restore(new ByteArrayInputStream(payload), RestoreTarget.of(db)
                .withCollections(List.of("customers")), ProgressListener.NONE, () -> { }))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("restoresCollections");
        assertThat(normalized(read(db))).isEqualTo(normalized(laterLive()));
    }

    @Test
    public void aDumpOfChosenCollectionsHoldsOnlyThemAndItsPayloadSaysSo() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(source().dumpsCollections(), "the source dumps whole databases only");
        String db = databaseName("partdump");
        seed(db, sample("before"));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        com.daaisuite.backup.core.spi.DumpSummary d = source().dumpCollections(db, java.util.Set.of("invoices", "never_existed"),
                out, ProgressListener.NONE, com.daaisuite.backup.core.spi.ReadBudget.UNLIMITED);
        assertThat(d.onlyCollections()).contains(List.of("invoices", "never_existed"));
        assertThat(d.collections()).extracting(CollectionSummary::name).containsExactly("invoices");
        assertThat(d.documents()).isEqualTo(sample("before").get("invoices").size());
        com.daaisuite.backup.core.spi.DumpSummary inspected = source().inspectPayload(new ByteArrayInputStream(out.toByteArray()));
        assertThat(inspected.onlyCollections()).as("the mark travels in the payload").contains(List.of("invoices", "never_existed"));
        assertThat(inspected.collections()).extracting(CollectionSummary::name).containsExactly("invoices");
        // A whole dump carries no mark.
        assertThat(source().inspectPayload(new ByteArrayInputStream(dump(db))).onlyCollections()).isEmpty();
    }

    @Test
    public void aPartialPayloadRestoresItsCollectionsOneByOne() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(source().dumpsCollections() && source().restoresCollections(),
                "the source cannot dump or restore chosen collections");
        String db = databaseName("partback");
        seed(db, sample("before"));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        source().dumpCollections(db, java.util.Set.of("customers"), out, ProgressListener.NONE,
                com.daaisuite.backup.core.spi.ReadBudget.UNLIMITED);
        seed(db, laterLive());
        source().restore(new ByteArrayInputStream(out.toByteArray()), RestoreTarget.of(db).withCollections(List.of("customers")),
                ProgressListener.NONE);
        Map<String, List<TestDocument>> expected = new LinkedHashMap<>(laterLive());
        expected.put("customers", sample("before").get("customers"));
        assertThat(normalized(read(db))).isEqualTo(normalized(expected));
    }
}
