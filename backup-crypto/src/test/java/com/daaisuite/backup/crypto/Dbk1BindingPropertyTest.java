package com.daaisuite.backup.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import com.daaisuite.backup.crypto.spi.KeyProvider;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * DBK1 version 2, as properties: whatever the tenant, name (1..255 printable ASCII), creation time and
 * plaintext, a bound archive reads back under its own name with its binding in the header, and under
 * any other name is an {@link ArchiveRenamedException} before a byte is decrypted.
 */
class Dbk1BindingPropertyTest {
    private static final boolean THOROUGH = Boolean.getBoolean("daai.thorough");
    private static final KeyProvider KEYS = KeyProviders.of(Fixtures.KEY);

    record Case(String tenant, String name, String other, long millis, int size, long seed) {}

    private static Gen<String> printable(int min, int max) {
        return Generate.intArrays(Generate.range(min, max), Generate.range(0x21, 0x7e)).map(cs -> {
            StringBuilder b = new StringBuilder();
            for (int c : cs) {
                b.append((char) c);
            }
            return b.toString();
        });
    }

    private static Gen<Case> cases() {
        // Up to 2100-01-01, plaintexts of up to five segments, a seed for their content.
        Gen<int[]> numbers = Generate.intArrays(Generate.constant(3), Generate.range(0, Integer.MAX_VALUE - 1));
        return printable(1, 64).zip(printable(1, 255), printable(1, 255), numbers, (t, n, o, x) ->
                new Case(t, n, o.equals(n) ? (n.startsWith("x") ? "y" : "x") + n.substring(1) : o, (long) x[0] * 1_910L, x[1] % 20_000, x[2]))
                .describedAs(c -> "Case[tenant=" + c.tenant + ", name=" + c.name + ", other=" + c.other + ", millis="
                        + c.millis + ", size=" + c.size + "]");
    }

    @Test
    void aBoundArchiveReadsUnderItsOwnNameOnlyWhateverTheNameTimeAndTenant() {
        qt().withExamples(THOROUGH ? 2000 : 100).withShrinkCycles(20).forAll(cases()).checkAssert(c -> {
            byte[] plaintext = Fixtures.plaintext(c.size, c.seed);
            Instant at = Instant.ofEpochMilli(c.millis);
            ByteArrayOutputStream bo = new ByteArrayOutputStream();
            try {
                try (OutputStream o = Dbk1.encrypt(bo, Fixtures.KEY, c.tenant,
                        Dbk1Options.builder().segmentSize(4096).build().boundTo(c.name, at))) {
                    o.write(plaintext);
                }
                byte[] archive = bo.toByteArray();
                Dbk1Header h = Dbk1.readHeader(new ByteArrayInputStream(archive));
                assertThat(h.version()).isEqualTo(2);
                assertThat(h.archiveName()).contains(c.name);
                assertThat(h.createdAt()).contains(at);
                assertThat(h.headerLength()).isEqualTo(67 + c.tenant.length() + c.name.length());
                try (InputStream in = Dbk1.decrypt(new ByteArrayInputStream(archive), KEYS, c.tenant, c.name)) {
                    assertThat(in.readAllBytes()).isEqualTo(plaintext);
                }
                assertThatThrownBy(() -> Dbk1.decrypt(new ByteArrayInputStream(archive), KEYS, c.tenant, c.other))
                        .isInstanceOf(ArchiveRenamedException.class);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Test
    void aNameThatIsNotPrintableAsciiOrTooLongIsRefusedBeforeAnythingIsWritten() {
        Dbk1Options o = Dbk1Options.defaults();
        for (String bad : new String[] {"", "a b", "caf\u00e9", "x".repeat(256), "tab\tname"}) {
            assertThatThrownBy(() -> o.boundTo(bad, Instant.EPOCH)).as("'%s'", bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
