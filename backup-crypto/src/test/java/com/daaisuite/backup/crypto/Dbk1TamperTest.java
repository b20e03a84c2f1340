package com.daaisuite.backup.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.daaisuite.backup.IntegrityException;
import com.daaisuite.backup.crypto.spi.KeyProvider;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every way of damaging a small archive is rejected with its specific exception, and whatever was
 * released before the failure is a prefix of the plaintext made of whole, verified segments.
 */
class Dbk1TamperTest {
    private static final int SEG = 4096;
    private static final KeyProvider KEYS = KeyProviders.of(Fixtures.KEY, Fixtures.OTHER_KEY);
    /** Two full segments and a short last one. */
    private static final byte[] PLAINTEXT = Fixtures.plaintext(2 * SEG + 100, 11);
    private static final byte[] ARCHIVE = Fixtures.encrypt(PLAINTEXT, SEG);
    private static final int HEADER = 58 + Fixtures.TENANT.length();
    private static final int SEALED = SEG + 16;
    private static final int TENANT_AT = 19;
    private static final int SALT_AT = TENANT_AT + Fixtures.TENANT.length();
    private static final int PREFIX_AT = SALT_AT + 32;

    @Test
    void theIntactArchiveDecrypts() {
        Fixtures.Outcome o = Fixtures.readAll(ARCHIVE, KEYS, Fixtures.TENANT);
        assertThat(o.failure()).isNull();
        assertThat(o.released()).isEqualTo(PLAINTEXT);
        assertThat(ARCHIVE).hasSize(HEADER + 2 * SEALED + 116);
    }

    @Test
    void everySingleBitFlipInHeaderAndBodyIsRejectedWithTheExceptionOfItsField() {
        int checked = 0;
        for (int i = 0; i < ARCHIVE.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] bad = ARCHIVE.clone();
                bad[i] ^= (byte) (1 << bit);
                Fixtures.Outcome o = Fixtures.readAll(bad, KEYS, Fixtures.TENANT);
                assertThat(o.failure()).as("flip of bit %d of byte %d", bit, i).isNotNull()
                        .isInstanceOfAny(expectedForFlipAt(i));
                assertReleasedIsVerifiedPrefix(o, i < HEADER ? 0 : (i - HEADER) / SEALED);
                checked++;
            }
        }
        assertThat(checked).isEqualTo(ARCHIVE.length * 8);
    }

    private static Class<?>[] expectedForFlipAt(int i) {
        if (i < 4) {
            return new Class<?>[] {NotDbk1Exception.class};
        }
        if (i < 6) {
            return new Class<?>[] {UnsupportedFormatVersionException.class};
        }
        if (i >= 10 && i < 18) {
            return new Class<?>[] {KeyUnknownException.class};
        }
        if (i >= 18 && i < SALT_AT) {
            // A changed tenant id is refused before decryption; a non-printable or impossible one is malformed.
            return new Class<?>[] {WrongTenantException.class, ArchiveTamperedException.class};
        }
        return new Class<?>[] {ArchiveTamperedException.class};
    }

    @Test
    void truncationAtEveryOffsetIsRejectedAndReleasesOnlyWholeVerifiedSegments() {
        for (int cut = 0; cut < ARCHIVE.length; cut++) {
            Fixtures.Outcome o = Fixtures.readAll(Arrays.copyOf(ARCHIVE, cut), KEYS, Fixtures.TENANT);
            if (cut == 0) {
                assertThat(o.failure()).isInstanceOf(NotDbk1Exception.class);
                continue;
            }
            assertThat(o.failure()).as("cut at %d", cut).isInstanceOf(ArchiveTamperedException.class)
                    .hasMessageContaining("truncated");
            int completeSegments = cut < HEADER ? 0 : (cut - HEADER) / SEALED;
            assertReleasedIsVerifiedPrefix(o, completeSegments);
        }
    }

    @Test
    void truncationAtASegmentBoundaryNamesTheSegmentThatIsNotFinal() {
        Fixtures.Outcome o = Fixtures.readAll(Arrays.copyOf(ARCHIVE, HEADER + 2 * SEALED), KEYS, Fixtures.TENANT);
        assertThat(o.failure()).isInstanceOf(ArchiveTamperedException.class)
                .hasMessageContaining("truncated: segment 1 is intact but not the final segment");
        assertThat(o.released()).isEqualTo(Arrays.copyOf(PLAINTEXT, SEG));
        o = Fixtures.readAll(Arrays.copyOf(ARCHIVE, HEADER), KEYS, Fixtures.TENANT);
        assertThat(o.failure()).hasMessageContaining("ends right after the header, before segment 0");
    }

    @Test
    void bytesAppendedAfterTheFinalSegmentAreRejected() {
        Random r = new Random(5);
        for (int extra : new int[] {1, 15, 16, 17, 100, SEALED, 3 * SEALED + 5}) {
            byte[] tail = new byte[extra];
            r.nextBytes(tail);
            Fixtures.Outcome o = Fixtures.readAll(Fixtures.concat(ARCHIVE, tail), KEYS, Fixtures.TENANT);
            assertThat(o.failure()).as("%d bytes appended", extra).isInstanceOf(ArchiveTamperedException.class)
                    .hasMessageContaining("segment 2");
            assertReleasedIsVerifiedPrefix(o, 2);
        }
    }

    @Test
    void bytesAppendedAfterAFullFinalSegmentAreReportedAsTrailingData() {
        byte[] plaintext = Fixtures.plaintext(2 * SEG, 3);
        byte[] archive = Fixtures.encrypt(plaintext, SEG);
        for (int extra : new int[] {1, 16, SEALED}) {
            Fixtures.Outcome o = Fixtures.readAll(Fixtures.concat(archive, new byte[extra]), KEYS, Fixtures.TENANT);
            assertThat(o.failure()).isInstanceOf(ArchiveTamperedException.class)
                    .hasMessageContaining("trailing data: segment 1 is the archive's final segment");
            assertThat(o.released()).isEqualTo(Arrays.copyOf(plaintext, SEG));
        }
    }

    @Test
    void segmentsDeletedDuplicatedSwappedOrMovedAreRejected() {
        byte[] h = Fixtures.slice(ARCHIVE, 0, HEADER);
        byte[] s0 = Fixtures.slice(ARCHIVE, HEADER, HEADER + SEALED);
        byte[] s1 = Fixtures.slice(ARCHIVE, HEADER + SEALED, HEADER + 2 * SEALED);
        byte[] s2 = Fixtures.slice(ARCHIVE, HEADER + 2 * SEALED, ARCHIVE.length);
        record Variant(String name, byte[] archive, int firstBadSegment) {}
        List<Variant> variants = List.of(
                new Variant("segment 0 deleted", Fixtures.concat(h, s1, s2), 0),
                new Variant("segment 1 deleted", Fixtures.concat(h, s0, s2), 1),
                new Variant("final segment deleted", Fixtures.concat(h, s0, s1), 1),
                new Variant("segment 0 duplicated", Fixtures.concat(h, s0, s0, s1, s2), 1),
                new Variant("segment 1 duplicated", Fixtures.concat(h, s0, s1, s1, s2), 2),
                new Variant("final segment duplicated", Fixtures.concat(h, s0, s1, s2, s2), 2),
                new Variant("segments 0 and 1 swapped", Fixtures.concat(h, s1, s0, s2), 0),
                new Variant("final segment moved forward", Fixtures.concat(h, s0, s2, s1), 1),
                new Variant("only the final segment", Fixtures.concat(h, s2), 0),
                new Variant("a segment of another archive", Fixtures.concat(h, s0,
                        Fixtures.slice(Fixtures.encrypt(PLAINTEXT, SEG, Fixtures.TENANT, Fixtures.KEY, 99),
                                HEADER + SEALED, HEADER + 2 * SEALED), s2), 1));
        for (Variant v : variants) {
            Fixtures.Outcome o = Fixtures.readAll(v.archive(), KEYS, Fixtures.TENANT);
            assertThat(o.failure()).as(v.name()).isInstanceOf(ArchiveTamperedException.class)
                    .hasMessageContaining("segment " + v.firstBadSegment());
            assertThat(o.released()).as(v.name()).isEqualTo(Arrays.copyOf(PLAINTEXT, v.firstBadSegment() * SEG));
        }
    }

    @Nested
    class HeaderFieldEdits {
        @Test
        void anotherVersionIsUnsupported() {
            assertThatThrownBy(() -> decrypt(edit(4, 3))).isInstanceOf(UnsupportedFormatVersionException.class)
                    .hasMessageContaining("format version 3").hasMessageContaining("Upgrade daai-backup");
        }

        @Test
        void aVersion1ArchiveRelabelledVersion2IsTampered() {
            // The layout shifts (a name where the salt was) and the header is the AAD: never plaintext.
            assertThatThrownBy(() -> decrypt(edit(4, 2))).isInstanceOf(ArchiveTamperedException.class);
        }

        @Test
        void anotherSuiteIsUnsupported() {
            assertThatThrownBy(() -> decrypt(edit(5, 7))).isInstanceOf(UnsupportedFormatVersionException.class)
                    .hasMessageContaining("cipher suite 7");
        }

        @Test
        void aSegmentSizeOutsideTheLimitsIsMalformed() {
            for (int size : new int[] {0, 4095, 16 * 1024 * 1024 + 1, -1}) {
                byte[] bad = ARCHIVE.clone();
                bad[6] = (byte) (size >>> 24);
                bad[7] = (byte) (size >>> 16);
                bad[8] = (byte) (size >>> 8);
                bad[9] = (byte) size;
                assertThatThrownBy(() -> decrypt(bad)).as("segment size %d", size)
                        .isInstanceOf(ArchiveTamperedException.class)
                        .hasMessageContaining("segment size " + Integer.toUnsignedString(size) + " is outside");
                assertThatThrownBy(() -> Dbk1.readHeader(new ByteArrayInputStream(bad)))
                        .isInstanceOf(ArchiveTamperedException.class);
            }
        }

        @Test
        void anotherValidSegmentSizeFailsAuthenticationOfSegmentZero() {
            byte[] bad = edit(8, 0x20); // 8192
            assertThat(Dbk1.readHeader(new ByteArrayInputStream(bad)).segmentSize()).isEqualTo(8192);
            Fixtures.Outcome o = Fixtures.readAll(bad, KEYS, Fixtures.TENANT);
            assertThat(o.failure()).isInstanceOf(ArchiveTamperedException.class).hasMessageContaining("segment 0");
            assertThat(o.released()).isEmpty();
        }

        @Test
        void theIdOfAnotherConfiguredKeyFailsAuthentication() {
            byte[] bad = ARCHIVE.clone();
            System.arraycopy(Fixtures.OTHER_KEY.id().toBytes(), 0, bad, 10, 8);
            Fixtures.Outcome o = Fixtures.readAll(bad, KEYS, Fixtures.TENANT);
            assertThat(o.failure()).isInstanceOf(ArchiveTamperedException.class).hasMessageContaining("segment 0");
            assertThat(o.released()).isEmpty();
        }

        @Test
        void anUnknownKeyIdIsNamedWithTheConfiguredIds() {
            byte[] bad = ARCHIVE.clone();
            Arrays.fill(bad, 10, 18, (byte) 0xab);
            assertThatThrownBy(() -> decrypt(bad)).isInstanceOf(KeyUnknownException.class)
                    .hasMessageContaining("key id abababababababab")
                    .hasMessageContaining(Fixtures.KEY.id().toString())
                    .hasMessageContaining(Fixtures.OTHER_KEY.id().toString())
                    .hasMessageContaining(KEYS.howToAddRetiredKey());
        }

        @Test
        void aTenantIdRewrittenToTheReadersTenantFailsAuthentication() {
            // The archive of acme-corp relabelled as globex-co (same length): the tenant is bound into the key.
            byte[] bad = ARCHIVE.clone();
            System.arraycopy("globex-co".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, bad, TENANT_AT, 9);
            Fixtures.Outcome o = Fixtures.readAll(bad, KEYS, "globex-co");
            assertThat(o.failure()).isInstanceOf(ArchiveTamperedException.class).hasMessageContaining("segment 0");
            assertThat(o.released()).isEmpty();
        }

        @Test
        void aTenantLengthOfZeroOrAboveSixtyFourIsMalformed() {
            for (int len : new int[] {0, 65, 255}) {
                assertThatThrownBy(() -> decrypt(edit(18, len))).isInstanceOf(ArchiveTamperedException.class)
                        .hasMessageContaining("tenant id length " + len + " is outside 1..64");
            }
        }

        @Test
        void aNonPrintableTenantByteIsMalformed() {
            assertThatThrownBy(() -> decrypt(edit(TENANT_AT + 2, 0x0a))).isInstanceOf(ArchiveTamperedException.class)
                    .hasMessageContaining("not printable ASCII");
        }

        @Test
        void anEditedSaltOrNoncePrefixFailsAuthenticationOfSegmentZero() {
            for (int at : new int[] {SALT_AT, SALT_AT + 31, PREFIX_AT, PREFIX_AT + 6}) {
                Fixtures.Outcome o = Fixtures.readAll(edit(at, ARCHIVE[at] ^ 0x40), KEYS, Fixtures.TENANT);
                assertThat(o.failure()).isInstanceOf(ArchiveTamperedException.class)
                        .hasMessageContaining("segment 0 (4096 plaintext bytes) failed authentication");
                assertThat(o.released()).isEmpty();
            }
        }
    }

    @Test
    void anArchiveMadeWithAKeyThatIsNotConfiguredIsRefusedNamingBothIds() {
        assertThatThrownBy(() -> Dbk1.decrypt(new ByteArrayInputStream(ARCHIVE), KeyProviders.of(Fixtures.OTHER_KEY),
                Fixtures.TENANT))
                .isInstanceOf(KeyUnknownException.class)
                .hasMessageContaining("key id " + Fixtures.KEY.id())
                .hasMessageContaining("configured key ids: [" + Fixtures.OTHER_KEY.id() + "]");
        assertThatThrownBy(() -> Dbk1.decrypt(new ByteArrayInputStream(ARCHIVE), KeyProviders.of(null),
                Fixtures.TENANT))
                .isInstanceOf(KeyUnknownException.class).hasMessageContaining("configured key ids: none");
    }

    @Test
    void anotherTenantsArchiveIsRefusedBeforeAnyDecryptionNamingBothTenants() {
        assertThatThrownBy(() -> Dbk1.decrypt(new ByteArrayInputStream(ARCHIVE), KEYS, "globex"))
                .isInstanceOf(WrongTenantException.class)
                .hasMessageContaining("belongs to tenant acme-corp, not to tenant globex");
    }

    @Test
    void streamsThatAreNotDbk1SayWhatTheyAre() {
        assertThatThrownBy(() -> decrypt(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0}))
                .isInstanceOf(NotDbk1Exception.class)
                .hasMessageContaining("plaintext gzip (legacy) archive, read it without decryption");
        assertThatThrownBy(() -> decrypt(new byte[] {0x6d, (byte) 0xe2, (byte) 0x99, (byte) 0x81, 1}))
                .isInstanceOf(NotDbk1Exception.class).hasMessageContaining("mongodump archive");
        assertThatThrownBy(() -> decrypt(new byte[] {'P', 'K', 3, 4})).isInstanceOf(NotDbk1Exception.class)
                .hasMessageContaining("50 4B 03 04");
        assertThatThrownBy(() -> decrypt(new byte[0])).isInstanceOf(NotDbk1Exception.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> Dbk1.readHeader(new ByteArrayInputStream(new byte[] {0x1f, (byte) 0x8b})))
                .isInstanceOf(NotDbk1Exception.class).hasMessageContaining("gzip");
    }

    @Test
    void aFailureIsStickyEveryLaterReadFailsToo() throws IOException {
        byte[] bad = ARCHIVE.clone();
        bad[HEADER + SEALED + 5] ^= 1;
        InputStream in = Dbk1.decrypt(new ByteArrayInputStream(bad), KEYS, Fixtures.TENANT);
        byte[] buf = new byte[3 * SEG];
        assertThat(in.readNBytes(buf, 0, SEG)).isEqualTo(SEG);
        assertThatThrownBy(() -> in.read(buf)).isInstanceOf(ArchiveTamperedException.class)
                .hasMessageContaining("segment 1");
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(in::read).isInstanceOf(ArchiveTamperedException.class)
                    .hasMessageContaining("segment 1").hasMessageContaining("failed earlier");
            assertThatThrownBy(() -> in.read(buf, 0, 1)).isInstanceOf(ArchiveTamperedException.class);
            assertThatThrownBy(in::available).isInstanceOf(ArchiveTamperedException.class);
        }
    }

    @Test
    void aReadThatSpansATamperedSegmentReleasesNothingOfIt() throws IOException {
        byte[] bad = ARCHIVE.clone();
        bad[ARCHIVE.length - 1] ^= 1; // the final segment's tag
        InputStream in = Dbk1.decrypt(new ByteArrayInputStream(bad), KEYS, Fixtures.TENANT);
        byte[] buf = new byte[3 * SEG];
        assertThat(in.readNBytes(buf, 0, 2 * SEG)).isEqualTo(2 * SEG);
        Arrays.fill(buf, (byte) 0x55);
        // The buffer holds a whole segment, so the stream decrypts straight into it; on failure it is
        // wiped. Either way not one byte of the failed segment's plaintext may be left in it.
        assertThatThrownBy(() -> in.read(buf, 0, buf.length)).isInstanceOf(ArchiveTamperedException.class);
        for (int k = 0; k < buf.length; k++) {
            assertThat(buf[k]).as("byte %d", k).isIn((byte) 0x55, (byte) 0);
        }
        Arrays.fill(buf, (byte) 0x55);
        assertThatThrownBy(() -> in.read(buf, 0, 10)).isInstanceOf(ArchiveTamperedException.class);
        assertThat(buf).containsOnly((byte) 0x55);
    }

    @Test
    void smallAndWholeSegmentReadsReleaseTheSameVerifiedPrefix() {
        byte[] bad = ARCHIVE.clone();
        bad[HEADER + SEALED + 100] ^= 4;
        for (int size : new int[] {1, 7, 1000, SEG - 1, SEG, SEG + 1, 3 * SEG}) {
            Fixtures.Outcome o = Fixtures.readAll(bad, KEYS, Fixtures.TENANT, size);
            assertThat(o.failure()).as("reads of %d", size).isInstanceOf(ArchiveTamperedException.class)
                    .hasMessageContaining("segment 1");
            assertThat(o.released()).as("reads of %d", size).isEqualTo(Arrays.copyOf(PLAINTEXT, SEG));
        }
    }

    @Test
    void anEncryptingStreamThatFailedNeverWritesAValidFinalSegmentOnClose() throws IOException {
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        int[] writes = {0};
        OutputStream flaky = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (++writes[0] == 3) {
                    throw new IOException("disk full");
                }
                written.write(b, off, len);
            }
        };
        OutputStream o = Dbk1.encrypt(flaky, Fixtures.KEY, Fixtures.TENANT,
                Dbk1Options.builder().segmentSize(SEG).build());
        // Writes: the header, segment 0, then segment 1 fails.
        assertThatThrownBy(() -> o.write(PLAINTEXT, 0, 2 * SEG + 1)).isInstanceOf(IOException.class)
                .hasMessage("disk full");
        assertThatThrownBy(() -> o.write(1)).isInstanceOf(IOException.class).hasMessageContaining("failed earlier");
        o.close();
        Fixtures.Outcome outcome = Fixtures.readAll(written.toByteArray(), KEYS, Fixtures.TENANT);
        assertThat(outcome.failure()).isInstanceOf(ArchiveTamperedException.class).hasMessageContaining("truncated");
        assertThat(written.size()).isEqualTo(HEADER + SEALED);
    }

    @Test
    void anAbortedArchiveStaysTruncatedWhileAPlainCloseWouldSealIt() throws IOException {
        ByteArrayOutputStream aborted = new ByteArrayOutputStream();
        OutputStream o = Dbk1.encrypt(aborted, Fixtures.KEY, Fixtures.TENANT,
                Dbk1Options.builder().segmentSize(SEG).build());
        o.write(PLAINTEXT, 0, SEG + 10);
        Dbk1.abort(o);
        o.close();
        assertThatThrownBy(() -> o.write(1)).isInstanceOf(IOException.class).hasMessageContaining("aborted");
        Fixtures.Outcome outcome = Fixtures.readAll(aborted.toByteArray(), KEYS, Fixtures.TENANT);
        // Segment 0 was sealed as not final; with nothing after it, it can never verify.
        assertThat(outcome.failure()).isInstanceOf(ArchiveTamperedException.class)
                .hasMessageContaining("truncated: segment 0 is intact but not the final segment");
        assertThat(outcome.released()).isEmpty();
        assertThatThrownBy(() -> Dbk1.abort(new ByteArrayOutputStream()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyRejectionIsAnIntegrityException() {
        assertThat(IntegrityException.class).isAssignableFrom(ArchiveTamperedException.class)
                .isAssignableFrom(NotDbk1Exception.class).isAssignableFrom(KeyUnknownException.class)
                .isAssignableFrom(WrongTenantException.class)
                .isAssignableFrom(UnsupportedFormatVersionException.class);
    }

    private static void assertReleasedIsVerifiedPrefix(Fixtures.Outcome o, int atMostSegments) {
        assertThat(o.released().length % SEG).as("released whole segments only: %s", o).isZero();
        assertThat(o.released().length).as("released nothing from the damaged segment on: %s", o)
                .isLessThanOrEqualTo(atMostSegments * SEG);
        assertThat(o.released()).isEqualTo(Arrays.copyOf(PLAINTEXT, o.released().length));
    }

    private static byte[] edit(int at, int value) {
        byte[] bad = ARCHIVE.clone();
        bad[at] = (byte) value;
        return bad;
    }

    private static void decrypt(byte[] archive) throws IOException {
        try (InputStream in = Dbk1.decrypt(new ByteArrayInputStream(archive), KEYS, Fixtures.TENANT)) {
            in.readAllBytes();
        }
    }
}
