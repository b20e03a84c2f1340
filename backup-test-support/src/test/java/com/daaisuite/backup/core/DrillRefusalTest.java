package com.daaisuite.backup.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.daaisuite.backup.core.spi.ContentsReader;
import com.daaisuite.backup.core.spi.DatabaseSource;
import com.daaisuite.backup.core.spi.DumpSummary;
import com.daaisuite.backup.core.spi.ProgressListener;
import com.daaisuite.backup.core.spi.RestoreSummary;
import com.daaisuite.backup.core.spi.RestoreTarget;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A drill that must not start: nothing is created, nothing is written, the reason says what to do. */
class DrillRefusalTest {
    @Test
    void aSourceThatCannotDropADatabaseIsRefusedBeforeAnythingIsCreated() throws Exception {
        try (Fixture f = new Fixture()) {
            f.backups.backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL);
            try (Fixture node = new Fixture(f, b -> b.source(new CannotDrop(f.source)))) {
                var before = f.objects("acme");

                assertThatThrownBy(() -> node.backups.drills().drill(Fixture.ADMIN, "acme"))
                        .isInstanceOf(SourceException.class).hasMessageContaining("cannot drop a database");

                assertThat(f.source.exists("acme_db__daai_drill")).isFalse();
                assertThat(f.objects("acme")).isEqualTo(before);
            }
        }
    }

    @Test
    void aPatternWithoutTheDatabaseIsAConfigurationError() {
        assertThatThrownBy(() -> new Fixture(b -> b.drillDatabase("scratch")))
                .isInstanceOf(com.daaisuite.backup.ConfigurationException.class).hasMessageContaining("{db}");
        assertThatThrownBy(() -> new Fixture(b -> b.drillEvery(java.time.Duration.ofMinutes(5))))
                .isInstanceOf(com.daaisuite.backup.ConfigurationException.class).hasMessageContaining("at least one hour");
    }

    /** The in-memory source without {@link DatabaseSource#dropDatabase}: the SPI's default refuses. */
    record CannotDrop(DatabaseSource d) implements DatabaseSource {
        @Override
        public String payloadFormat() {
            return d.payloadFormat();
        }

        @Override
        public boolean recognizes(byte[] prefix, int length) {
            return d.recognizes(prefix, length);
        }

        @Override
        public DumpSummary dump(String database, OutputStream out, ProgressListener progress) throws IOException {
            return d.dump(database, out, progress);
        }

        @Override
        public RestoreSummary restore(InputStream payload, RestoreTarget target, ProgressListener progress) throws IOException {
            return d.restore(payload, target, progress);
        }

        @Override
        public DumpSummary inspectPayload(InputStream payload) throws IOException {
            return d.inspectPayload(payload);
        }

        @Override
        public Optional<ContentsReader> contentsReader() {
            return d.contentsReader();
        }

        @Override
        public boolean databaseExists(String database) {
            return d.databaseExists(database);
        }

        @Override
        public String describe() {
            return d.describe();
        }
    }
}
