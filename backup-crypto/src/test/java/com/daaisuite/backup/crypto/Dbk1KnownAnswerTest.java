package com.daaisuite.backup.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The frozen DBK1 v1 vectors (also printed in docs/dbk1.md). They were written by {@link
 * ReferenceDbk1}, a second implementation made from the document alone; the codec must reproduce
 * them byte for byte and decrypt them, so neither the code nor the document can drift silently.
 */
class Dbk1KnownAnswerTest {
    private static final List<KnownAnswerVectors.Vector> VECTORS = KnownAnswerVectors.load();

    @Test
    void theVectorFileHoldsTheFourFrozenCasesIncludingEmptyPlaintext() {
        assertThat(VECTORS).extracting(KnownAnswerVectors.Vector::name).containsExactly("empty plaintext",
                "short plaintext, one final segment", "exactly one full segment",
                "two full segments and a short final one");
        assertThat(VECTORS.get(0).plaintext()).isEmpty();
        assertThat(VECTORS.get(0).archive()).hasSize(58 + 4 + 16);
    }

    @Test
    void theCodecWritesEveryVectorByteForByte() throws IOException {
        for (KnownAnswerVectors.Vector v : VECTORS) {
            ByteArrayOutputStream bo = new ByteArrayOutputStream();
            try (OutputStream o = Dbk1.encrypt(bo, MasterKey.of(v.masterKey()), v.tenant(),
                    FixedBytesRandom.options(v.segmentSize(), v.salt(), v.noncePrefix()))) {
                o.write(v.plaintext());
            }
            assertThat(HexFormat.of().formatHex(bo.toByteArray())).as(v.name())
                    .isEqualTo(HexFormat.of().formatHex(v.archive()));
        }
    }

    @Test
    void theCodecDecryptsEveryVector() throws IOException {
        for (KnownAnswerVectors.Vector v : VECTORS) {
            try (InputStream in = Dbk1.decrypt(new ByteArrayInputStream(v.archive()),
                    KeyProviders.of(MasterKey.of(v.masterKey())), v.tenant())) {
                assertThat(in.readAllBytes()).as(v.name()).isEqualTo(v.plaintext());
            }
        }
    }

    @Test
    void theReferenceImplementationStillReproducesEveryVector() throws Exception {
        for (KnownAnswerVectors.Vector v : VECTORS) {
            assertThat(ReferenceDbk1.encrypt(v.masterKey(), v.tenant(), v.segmentSize(), v.salt(), v.noncePrefix(),
                    v.plaintext())).as(v.name()).isEqualTo(v.archive());
        }
    }

    @Test
    void theDocumentedIntermediateValuesHold() throws Exception {
        KnownAnswerVectors.Vector v = VECTORS.get(0);
        MasterKey key = MasterKey.of(v.masterKey());
        assertThat(key.id().toString()).isEqualTo("cd0fe0025278b795");
        assertThat(HexFormat.of().formatHex(ReferenceDbk1.keyId(v.masterKey()))).isEqualTo(key.id().toString());
        assertThat(HexFormat.of().formatHex(ReferenceDbk1.archiveKey(v.masterKey(), "acme", v.salt())))
                .isEqualTo(DocumentedValues.ACME_ARCHIVE_KEY);
        assertThat(HexFormat.of().formatHex(com.daaisuite.backup.crypto.internal.Dbk1Format.archiveKey(key, v.salt(),
                "acme".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).getEncoded()))
                .isEqualTo(DocumentedValues.ACME_ARCHIVE_KEY);
        assertThat(HexFormat.of().formatHex(ReferenceDbk1.nonce(v.noncePrefix(), 0, true)))
                .isEqualTo("c0c1c2c3c4c5c60000000001");
        Dbk1Header h = Dbk1.readHeader(new ByteArrayInputStream(v.archive()));
        assertThat(h).isEqualTo(new Dbk1Header(1, 1, 4096, key.id(), "acme", 62));
    }

    @Test
    void theSpecificationPrintsTheseVectors() throws Exception {
        java.nio.file.Path doc = java.nio.file.Path.of("..", "docs", "dbk1.md");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.exists(doc), "docs/dbk1.md beside the module");
        String text = java.nio.file.Files.readString(doc).replaceAll("\\s+", " ");
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        for (KnownAnswerVectors.Vector v : VECTORS) {
            String line = "SHA-256 of the archive: `" + HexFormat.of().formatHex(sha.digest(v.archive())) + "`";
            assertThat(text.contains(line)).as("docs/dbk1.md prints for %s: %s", v.name(), line).isTrue();
        }
        for (String value : new String[] {HexFormat.of().formatHex(VECTORS.get(1).archive()),
            DocumentedValues.ACME_ARCHIVE_KEY, "cd0fe0025278b795"}) {
            assertThat(text.contains(value)).as("docs/dbk1.md prints %s", value).isTrue();
        }
    }

    /** Values printed in docs/dbk1.md beside the vectors. */
    static final class DocumentedValues {
        static final String ACME_ARCHIVE_KEY = "402d4dcd3beeae9598ccb0c20de9474cea1a558ec225647111527ba7b8d1f8a7";

        private DocumentedValues() {}
    }
}
