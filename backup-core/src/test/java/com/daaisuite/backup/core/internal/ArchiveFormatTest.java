package com.daaisuite.backup.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.daaisuite.backup.core.PayloadCorruptException;
import com.daaisuite.backup.core.spi.DatabaseSource;
import com.daaisuite.backup.core.spi.DumpSummary;
import com.daaisuite.backup.core.spi.ProgressListener;
import com.daaisuite.backup.core.spi.RestoreSummary;
import com.daaisuite.backup.core.spi.RestoreTarget;
import com.daaisuite.backup.crypto.Dbk1;
import com.daaisuite.backup.crypto.KeyProviders;
import com.daaisuite.backup.crypto.MasterKey;
import com.daaisuite.backup.crypto.WrongTenantException;
import com.daaisuite.backup.crypto.spi.KeyProvider;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class ArchiveFormatTest {
    private static final ExecutorService POOL = Executors.newFixedThreadPool(2);
    private static final MasterKey KEY = MasterKey.generate(new SecureRandom());
    private static final KeyProvider KEYS = KeyProviders.of(KEY);
    private static final byte[] PAYLOAD = ("RAWPAYLD" + "x".repeat(70_000)).getBytes(StandardCharsets.US_ASCII);

    /** A source whose payloads start with RAWPAYLD. */
    static final DatabaseSource RAW = new DatabaseSource() {
        @Override
        public String payloadFormat() {
            return "raw-test";
        }

        @Override
        public boolean recognizes(byte[] prefix, int length) {
            return length >= 8 && new String(prefix, 0, 8, StandardCharsets.US_ASCII).equals("RAWPAYLD");
        }

        @Override
        public DumpSummary dump(String database, OutputStream out, ProgressListener progress) {
            throw new IllegalStateException("not used");
        }

        @Override
        public RestoreSummary restore(InputStream payload, RestoreTarget target, ProgressListener progress) {
            throw new IllegalStateException("not used");
        }


        @Override
        public String describe() {
            return "raw";
        }
    };

    @AfterAll
    static void stop() {
        POOL.shutdownNow();
    }

    static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ParallelGzipOutputStream gz = new ParallelGzipOutputStream(out, 6, POOL, 2, 32 * 1024)) {
            gz.write(b);
        }
        return out.toByteArray();
    }

    static byte[] encrypt(byte[] b, String tenant) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream enc = Dbk1.encrypt(out, KEY, tenant)) {
            enc.write(b);
        }
        return out.toByteArray();
    }

    static ArchiveFormat.Opened open(byte[] archive, String tenant) throws IOException {
        return ArchiveFormat.open(new ByteArrayInputStream(archive), KEYS, tenant, RAW, "t/db-backups/x");
    }

    @Test
    void dbk1OfGzipIsDecryptedAndDecompressed() throws IOException {
        ArchiveFormat.Opened o = open(encrypt(gzip(PAYLOAD), "acme"), "acme");
        assertThat(o.outerFormat()).isEqualTo("DBK1");
        assertThat(o.encrypted()).isTrue();
        assertThat(o.compressed()).isTrue();
        assertThat(o.payload().readAllBytes()).isEqualTo(PAYLOAD);
    }

    @Test
    void plaintextGzipIsDetectedWhateverTheName() throws IOException {
        ArchiveFormat.Opened o = open(gzip(PAYLOAD), "acme");
        assertThat(o.outerFormat()).isEqualTo("gzip");
        assertThat(o.encrypted()).isFalse();
        assertThat(o.payload().readAllBytes()).isEqualTo(PAYLOAD);
    }

    @Test
    void aRawPayloadTheSourceRecognizesIsReadAsIs() throws IOException {
        ArchiveFormat.Opened o = open(PAYLOAD, "acme");
        assertThat(o.outerFormat()).isEqualTo("raw-test");
        assertThat(o.compressed()).isFalse();
        assertThat(o.payload().readAllBytes()).isEqualTo(PAYLOAD);
        assertThat(ArchiveFormat.detect(new BufferedInputStream(new ByteArrayInputStream(PAYLOAD)), RAW)).isEqualTo("raw-test");
    }

    @Test
    void anythingElseIsRefusedAsCorrupt() {
        byte[] junk = "PK\u0003\u0004 a zip file".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> open(junk, "acme")).isInstanceOf(PayloadCorruptException.class).hasMessageContaining("504b0304");
        assertThatThrownBy(() -> open(new byte[0], "acme")).isInstanceOf(PayloadCorruptException.class);
    }

    @Test
    void anotherTenantsArchiveIsRefused() {
        assertThatThrownBy(() -> open(encrypt(gzip(PAYLOAD), "globex"), "acme").payload().readAllBytes())
                .isInstanceOf(WrongTenantException.class);
    }

    @Test
    void truncatedGzipIsReportedAsCorruptPayload() throws IOException {
        byte[] gz = gzip(PAYLOAD);
        byte[] cut = Arrays.copyOf(gz, gz.length - 5);
        assertThatThrownBy(() -> open(cut, "acme").payload().readAllBytes()).isInstanceOf(PayloadCorruptException.class);
    }

    @Test
    void detectionNamesEachFormat() throws IOException {
        for (var c : List.of(new Object[] {encrypt(gzip(PAYLOAD), "acme"), "DBK1"}, new Object[] {gzip(PAYLOAD), "gzip"},
                new Object[] {"nothing".getBytes(StandardCharsets.US_ASCII), "unknown"})) {
            BufferedInputStream in = new BufferedInputStream(new ByteArrayInputStream((byte[]) c[0]));
            assertThat(ArchiveFormat.detect(in, RAW)).isEqualTo(c[1]);
            assertThat(in.read()).as("detect leaves the stream at its start").isEqualTo(((byte[]) c[0])[0] & 0xff);
        }
    }
}
