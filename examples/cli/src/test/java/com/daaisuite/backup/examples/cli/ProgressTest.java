package com.daaisuite.backup.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Without a terminal (cron, CI, pipes) progress is plain lines: documents, bytes, rate, percentage, ETA. */
class ProgressTest {
    @Test
    void plainLinesShowDocumentsBytesRateAndEtaThenOneDoneLine() {
        StringWriter w = new StringWriter();
        Progress p = Progress.lines("backup acme", Progress.Unit.DOCUMENTS, 4_000, new PrintWriter(w, true), Duration.ZERO);

        p.update(3 << 20, 1_000);
        p.done(12 << 20, 4_000);
        p.close();

        String[] lines = w.toString().split("\\R");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).startsWith("backup acme: 1,000/4,000 documents, 3.0 MiB, ").contains("/s, 25%, ETA ");
        assertThat(lines[1]).startsWith("backup acme: 4,000/4,000 documents, 12.0 MiB, ").contains(", done in ");
    }

    @Test
    void aFailedOperationGetsNoDoneLine() {
        StringWriter w = new StringWriter();
        Progress p = Progress.lines("restore acme", Progress.Unit.DOCUMENTS, 0, new PrintWriter(w, true), Duration.ofHours(1));

        p.update(1 << 20, 10);
        p.close();

        assertThat(w.toString()).isEmpty();
    }

    @Test
    void sizesAreHumanReadable() {
        assertThat(Formats.bytes(512)).isEqualTo("512 B");
        assertThat(Formats.bytes(244_839)).isEqualTo("239.1 KiB");
        assertThat(Formats.bytes(5L << 30)).isEqualTo("5.0 GiB");
    }
}
