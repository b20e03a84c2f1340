package com.daaisuite.backup.mongo.internal.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class ArchiveRoundTripTest {
    static final boolean THOROUGH = Boolean.getBoolean("daai.thorough");

    private static void roundTrip(RandomArchives.Case c) {
        try {
            Archives.Read r = Archives.readAll(c.archive());
            assertThat(r.header()).as("seed %d", c.seed()).isEqualTo(c.header());
            assertThat(r.prelude()).as("seed %d", c.seed()).isEqualTo(c.prelude());
            assertThat(Archives.comparable(r.entries())).as("seed %d", c.seed()).isEqualTo(Archives.comparable(c.expected()));
            assertThat(r.bytesRead()).isEqualTo(c.archive().length);
            assertThat(Archives.rewrite(r)).as("seed %d: re-writing the read entries gives the same bytes", c.seed())
                    .isEqualTo(c.archive());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void writtenArchivesReadBackToTheSameHeaderPreludeAndEntries() {
        qt().withExamples(THOROUGH ? 2000 : 100).forAll(longs().all()).checkAssert(seed -> roundTrip(RandomArchives.generate(seed)));
    }

    @Test
    @Tag("thorough")
    void writtenArchivesReadBackThroughAStreamThatReturnsOneByteAtATime() {
        qt().withExamples(THOROUGH ? 200 : 20).forAll(longs().all()).checkAssert(seed -> {
            RandomArchives.Case c = RandomArchives.generate(seed);
            if (c.archive().length > 300_000) {
                return; // a byte or three per read call: keep the run to seconds
            }
            try {
                InputStream trickle = new ByteArrayInputStream(c.archive()) {
                    @Override
                    public synchronized int read(byte[] b, int off, int len) {
                        return super.read(b, off, Math.min(len, 1 + (int) Math.floorMod(seed, 3L)));
                    }
                };
                ArchiveReader reader = new ArchiveReader(trickle, ArchiveLimits.defaults());
                java.util.List<ArchiveEntry> entries = new java.util.ArrayList<>();
                for (ArchiveEntry e = reader.next(); e != null; e = reader.next()) {
                    entries.add(e);
                }
                assertThat(Archives.comparable(entries)).isEqualTo(Archives.comparable(c.expected()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Test
    void shortReadsOfTheUnderlyingStreamChangeNothing() throws IOException {
        RandomArchives.Case c = RandomArchives.generate(42);
        InputStream trickle = new ByteArrayInputStream(c.archive()) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 3));
            }
        };
        ArchiveReader reader = new ArchiveReader(trickle, ArchiveLimits.defaults());
        java.util.List<ArchiveEntry> entries = new java.util.ArrayList<>();
        for (ArchiveEntry e = reader.next(); e != null; e = reader.next()) {
            entries.add(e);
        }
        assertThat(Archives.comparable(entries)).isEqualTo(Archives.comparable(c.expected()));
    }
}
