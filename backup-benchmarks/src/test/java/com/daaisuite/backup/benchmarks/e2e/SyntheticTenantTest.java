package com.daaisuite.backup.benchmarks.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.daaisuite.backup.mongo.internal.archive.ArchiveEntry;
import com.daaisuite.backup.mongo.internal.archive.ArchiveLimits;
import com.daaisuite.backup.mongo.internal.archive.ArchiveReader;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.Test;

class SyntheticTenantTest {

    @Test
    void theSameSeedGivesTheSameDocumentsAndAnotherSeedDifferentOnes() {
        List<byte[]> a = new ArrayList<>();
        List<byte[]> b = new ArrayList<>();
        List<byte[]> c = new ArrayList<>();
        SyntheticTenant.generate(7, 300_000, (k, d) -> a.add(d));
        SyntheticTenant.generate(7, 300_000, (k, d) -> b.add(d));
        SyntheticTenant.generate(8, 300_000, (k, d) -> c.add(d));
        assertThat(a).hasSameSizeAs(b);
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i)).isEqualTo(b.get(i));
        }
        assertThat(c.get(0)).isNotEqualTo(a.get(0));
    }

    @Test
    void everyCollectionGetsItsShareOfTheBytesAsValidBson() {
        long[] bytes = new long[SyntheticTenant.Kind.values().length];
        SyntheticTenant.generate(1, 2_000_000, (k, d) -> {
            RawBsonDocument doc = new RawBsonDocument(d);
            assertThat(doc.containsKey("_id")).isTrue();
            bytes[k.ordinal()] += d.length;
        });
        for (SyntheticTenant.Kind k : SyntheticTenant.Kind.values()) {
            assertThat(bytes[k.ordinal()] / 2_000_000.0).isCloseTo(k.share(), org.assertj.core.data.Offset.offset(0.01));
        }
    }

    @Test
    void theArchivePayloadReadsBackWithTheLibrarysReaderDocumentForDocument() throws Exception {
        List<byte[]> expected = new ArrayList<>();
        SyntheticTenant.generate(3, 500_000, (k, d) -> expected.add(d));
        byte[] archive = SyntheticTenant.archivePayload(3, 500_000);
        List<byte[]> read = new ArrayList<>();
        int ends = 0;
        try (ArchiveReader r = new ArchiveReader(new ByteArrayInputStream(archive), ArchiveLimits.defaults(), "test")) {
            for (ArchiveEntry e; (e = r.next()) != null; ) {
                if (e instanceof ArchiveEntry.Document d) {
                    read.add(d.bson());
                } else {
                    ends++;
                }
            }
        }
        assertThat(ends).isEqualTo(3);
        assertThat(read).hasSameSizeAs(expected);
        for (int i = 0; i < read.size(); i++) {
            assertThat(read.get(i)).isEqualTo(expected.get(i));
        }
    }
}
