package com.daaisuite.backup.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.daaisuite.backup.core.ManifestMismatchException;
import com.daaisuite.backup.crypto.Dbk1;
import com.daaisuite.backup.crypto.KeyProviders;
import com.daaisuite.backup.crypto.MasterKey;
import com.daaisuite.backup.crypto.spi.KeyProvider;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A sealed manifest opens only under the tenant's key, unedited, beside the archive it describes. */
class ManifestSealTest {
    private static final MasterKey KEY = MasterKey.generate(new SecureRandom());
    private static final KeyProvider KEYS = KeyProviders.of(KEY);
    private static final byte[] MANIFEST = "{\"schema\":1,\"database\":\"acme_db\",\"note\":\"payroll run\"}"
            .getBytes(StandardCharsets.UTF_8);

    private static byte[] archive(String tenant) throws Exception {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (OutputStream o = Dbk1.encrypt(bo, KEY, tenant)) {
            o.write(new byte[5000]);
        }
        return bo.toByteArray();
    }

    private static ManifestSeal.Binding bindingOf(String name, byte[] archive) {
        return new ManifestSeal.Binding(name, archive.length, ManifestSeal.headerSha256(new ByteArrayInputStream(archive)));
    }

    @Test
    void itOpensBesideItsArchiveAndLeaksNothingOfTheManifest() throws Exception {
        byte[] a = archive("acme");
        ManifestSeal.Binding b = bindingOf("manual_20261126T100000Z.gz.enc", a);
        byte[] sealed = ManifestSeal.seal(MANIFEST, b, KEY, "acme");
        assertThat(ManifestSeal.open(sealed, KEYS, "acme", b, "m")).isEqualTo(MANIFEST);
        String text = new String(sealed, StandardCharsets.ISO_8859_1);
        assertThat(text).doesNotContain("acme_db").doesNotContain("payroll").doesNotContain("manual_2026");
    }

    @Test
    void anotherNameSizeOrArchiveIsAMismatch() throws Exception {
        byte[] a = archive("acme");
        byte[] other = archive("acme");
        ManifestSeal.Binding b = bindingOf("manual_20261126T100000Z.gz.enc", a);
        byte[] sealed = ManifestSeal.seal(MANIFEST, b, KEY, "acme");
        for (ManifestSeal.Binding wrong : new ManifestSeal.Binding[] {
            new ManifestSeal.Binding("manual_20261126T110000Z.gz.enc", b.archiveBytes(), b.headerSha256()),
            new ManifestSeal.Binding(b.archiveName(), b.archiveBytes() + 1, b.headerSha256()),
            bindingOf(b.archiveName(), other)}) {
            assertThatThrownBy(() -> ManifestSeal.open(sealed, KEYS, "acme", wrong, "m")).as(wrong.toString())
                    .isInstanceOf(ManifestMismatchException.class).hasMessageContaining("describes another archive");
        }
    }

    @Test
    void editedTruncatedOrAnotherTenantsManifestDoesNotOpen() throws Exception {
        byte[] a = archive("acme");
        ManifestSeal.Binding b = bindingOf("manual_20261126T100000Z.gz.enc", a);
        byte[] sealed = ManifestSeal.seal(MANIFEST, b, KEY, "acme");
        byte[] edited = sealed.clone();
        edited[edited.length - 20] ^= 1;
        byte[] globex = ManifestSeal.seal(MANIFEST, b, KEY, "globex");
        for (byte[] bad : new byte[][] {edited, Arrays.copyOf(sealed, sealed.length - 1), Arrays.copyOf(sealed, 40),
            globex, MANIFEST}) {
            assertThatThrownBy(() -> ManifestSeal.open(bad, KEYS, "acme", b, "acme/db-backups/x.manifest"))
                    .isInstanceOf(ManifestMismatchException.class).hasMessageContaining("x.manifest cannot be trusted");
        }
    }
}
