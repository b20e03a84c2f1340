package com.daaisuite.backup.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The frozen DBK1 version 2 vectors ({@code dbk1-v2-kat.txt}, printed in docs/dbk1.md): archives
 * bound to their name and creation time. Written by {@link ReferenceDbk1} from the document alone;
 * the codec must reproduce them byte for byte, decrypt them, and refuse them under another name.
 */
class Dbk1BoundKnownAnswerTest {
    private static final List<KnownAnswerVectors.Vector> VECTORS = KnownAnswerVectors.load(KnownAnswerVectors.RESOURCE_V2);

    @Test
    void theVectorFileHoldsTheTwoFrozenBoundCases() {
        assertThat(VECTORS).extracting(KnownAnswerVectors.Vector::name).containsExactly(
                "bound, short plaintext, one final segment", "bound, two full segments and a short final one");
        KnownAnswerVectors.Vector v = VECTORS.get(0);
        // 58 + t bytes of version 1, plus the name's length byte, the name and 8 bytes of time.
        assertThat(v.archive()).hasSize(58 + 4 + 1 + v.archiveName().length() + 8 + 11 + 16);
    }

    @Test
    void theCodecWritesEveryVectorByteForByte() throws IOException {
        for (KnownAnswerVectors.Vector v : VECTORS) {
            ByteArrayOutputStream bo = new ByteArrayOutputStream();
            Dbk1Options o = FixedBytesRandom.options(v.segmentSize(), v.salt(), v.noncePrefix())
                    .boundTo(v.archiveName(), v.createdAt());
            try (OutputStream out = Dbk1.encrypt(bo, MasterKey.of(v.masterKey()), v.tenant(), o)) {
                out.write(v.plaintext());
            }
            assertThat(HexFormat.of().formatHex(bo.toByteArray())).as(v.name())
                    .isEqualTo(HexFormat.of().formatHex(v.archive()));
        }
    }

    @Test
    void theCodecDecryptsEveryVectorUnderItsOwnNameAndReadsTheBinding() throws IOException {
        for (KnownAnswerVectors.Vector v : VECTORS) {
            try (InputStream in = Dbk1.decrypt(new ByteArrayInputStream(v.archive()),
                    KeyProviders.of(MasterKey.of(v.masterKey())), v.tenant(), v.archiveName())) {
                assertThat(in.readAllBytes()).as(v.name()).isEqualTo(v.plaintext());
            }
            Dbk1Header h = Dbk1.readHeader(new ByteArrayInputStream(v.archive()));
            assertThat(h.version()).isEqualTo(2);
            assertThat(h.archiveName()).contains(v.archiveName());
            assertThat(h.createdAt()).contains(v.createdAt());
        }
    }

    @Test
    void theReferenceImplementationStillReproducesEveryVector() throws Exception {
        for (KnownAnswerVectors.Vector v : VECTORS) {
            assertThat(ReferenceDbk1.encryptBound(v.masterKey(), v.tenant(), v.segmentSize(), v.archiveName(), v.createdAt(),
                    v.salt(), v.noncePrefix(), v.plaintext())).as(v.name()).isEqualTo(v.archive());
        }
    }

    @Test
    void underAnotherNameABoundArchiveIsARenameNeverItsPlaintext() {
        KnownAnswerVectors.Vector v = VECTORS.get(0);
        assertThatThrownBy(() -> Dbk1.decrypt(new ByteArrayInputStream(v.archive()),
                KeyProviders.of(MasterKey.of(v.masterKey())), v.tenant(), "manual_20991231T000000Z.gz.enc"))
                .isInstanceOf(ArchiveRenamedException.class).hasMessageContaining(v.archiveName())
                .hasMessageContaining("manual_20991231T000000Z.gz.enc");
    }

    @Test
    void editingTheBoundNameOrTimeFailsAuthentication() {
        KnownAnswerVectors.Vector v = VECTORS.get(0);
        int nameAt = 19 + v.tenant().length() + 1;
        for (int at : new int[] {nameAt + 7, nameAt + v.archiveName().length() + 7}) {
            byte[] edited = v.archive().clone();
            edited[at] ^= 0x01;
            // A changed name byte stays printable ASCII here, so the header parses and the tag must refuse it.
            String name = new String(edited, nameAt, v.archiveName().length(), java.nio.charset.StandardCharsets.US_ASCII);
            assertThatThrownBy(() -> {
                try (InputStream in = Dbk1.decrypt(new ByteArrayInputStream(edited),
                        KeyProviders.of(MasterKey.of(v.masterKey())), v.tenant(), name)) {
                    in.readAllBytes();
                }
            }).as("byte %d", at).isInstanceOf(ArchiveTamperedException.class).hasMessageContaining("authentication");
        }
    }

    @Test
    void versionOneArchivesStillDecryptAndBindNothing() throws IOException {
        KnownAnswerVectors.Vector v1 = KnownAnswerVectors.load().get(1);
        try (InputStream in = Dbk1.decrypt(new ByteArrayInputStream(v1.archive()),
                KeyProviders.of(MasterKey.of(v1.masterKey())), v1.tenant(), "any_20260101T000000Z.gz.enc")) {
            assertThat(in.readAllBytes()).isEqualTo(v1.plaintext());
        }
        Dbk1Header h = Dbk1.readHeader(new ByteArrayInputStream(v1.archive()));
        assertThat(h.archiveName()).isEqualTo(Optional.empty());
        assertThat(h.createdAt()).isEqualTo(Optional.<Instant>empty());
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
        assertThat(text).contains(HexFormat.of().formatHex(VECTORS.get(0).archive()));
    }
}
