package com.daaisuite.backup.testing.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.daaisuite.backup.core.PayloadCorruptException;
import com.daaisuite.backup.core.spi.DatabaseSource;
import com.daaisuite.backup.core.spi.DumpSummary;
import com.daaisuite.backup.core.spi.ProgressListener;
import com.daaisuite.backup.core.spi.RestoreTarget;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The in-memory source meets the source contract, and detects bit flips through its CRCs. */
class InMemoryDatabaseSourceTest extends DatabaseSourceContract {
    private static final InMemoryDatabaseSource SOURCE = new InMemoryDatabaseSource();

    @Override
    protected DatabaseSource source() {
        return SOURCE;
    }

    @Override
    protected void seed(String database, Map<String, List<TestDocument>> collections) {
        Map<String, List<byte[]>> m = new LinkedHashMap<>();
        collections.forEach((k, v) -> m.put(k, v.stream().map(InMemoryDatabaseSourceTest::encode).toList()));
        SOURCE.putDatabase(database, m);
    }

    @Override
    protected Map<String, List<TestDocument>> read(String database) {
        Map<String, List<TestDocument>> m = new LinkedHashMap<>();
        SOURCE.database(database).forEach((k, v) -> m.put(k, v.stream().map(InMemoryDatabaseSourceTest::decode).toList()));
        return m;
    }

    @Override
    protected List<byte[]> damagedVariants(byte[] payload) {
        List<byte[]> v = new ArrayList<>(super.damagedVariants(payload));
        for (int i = 20; i < payload.length - 20; i += Math.max(1, payload.length / 40)) {
            byte[] flipped = payload.clone();
            flipped[i] ^= 0x01;
            v.add(flipped);
        }
        return v;
    }

    static byte[] encode(TestDocument d) {
        return (d.id() + "\u0000" + d.text()).getBytes(StandardCharsets.UTF_8);
    }

    static TestDocument decode(byte[] b) {
        String s = new String(b, StandardCharsets.UTF_8);
        int i = s.indexOf('\u0000');
        return new TestDocument(s.substring(0, i), s.substring(i + 1));
    }

    @Test
    void inspectPayloadParsesWithoutWritingAnything() throws Exception {
        String db = databaseName("inspect");
        seed(db, sample("i"));
        byte[] payload = dump(db);
        DumpSummary s = SOURCE.inspectPayload(new ByteArrayInputStream(payload));
        assertThat(s.database()).isEqualTo(db);
        assertThat(s.documents()).isEqualTo(68);
        assertThat(s.warnings()).isEmpty();
        assertThat(SOURCE.restoreCount()).isEqualTo(SOURCE.restoreCount());
        byte[] cut = java.util.Arrays.copyOf(payload, payload.length - 3);
        assertThatThrownBy(() -> SOURCE.inspectPayload(new ByteArrayInputStream(cut))).isInstanceOf(PayloadCorruptException.class);
    }

    @Test
    void anInjectedFailureBeforeTheSwapLeavesTheLiveDatabaseUnchanged() throws Exception {
        String db = databaseName("inject");
        seed(db, sample("old"));
        byte[] payload = dump(db);
        seed(db, sample("live"));
        SOURCE.failNextRestoreBeforeSwap(new IllegalStateException("disk full"));
        assertThatThrownBy(() -> SOURCE.restore(new ByteArrayInputStream(payload), RestoreTarget.of(db), ProgressListener.NONE))
                .hasMessage("disk full");
        assertThat(normalized(read(db))).isEqualTo(normalized(sample("live")));
    }
}
