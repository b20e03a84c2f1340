package com.daaisuite.backup.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.daaisuite.backup.crypto.internal.EnvironmentKeyProviderFactory;
import com.daaisuite.backup.crypto.internal.KeyProviderResolver;
import com.daaisuite.backup.crypto.spi.KeyProvider;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Everything this module prints (toString, describe, every exception message and cause) is
 * collected and searched for any 12-character window of the key's hex and base64 forms.
 */
class KeyMaterialLeakTest {
    private static final MasterKey KEY = Fixtures.KEY;
    private static final MasterKey RETIRED = Fixtures.OTHER_KEY;

    @Test
    void noTextTheModuleProducesContainsKeyMaterial() throws Exception {
        List<String> texts = new ArrayList<>();
        String hex = HexFormat.of().formatHex(KEY.copyKeyMaterialForDerivation());
        String b64 = Base64.getEncoder().encodeToString(KEY.copyKeyMaterialForDerivation());
        String retiredB64 = Base64.getEncoder().encodeToString(RETIRED.copyKeyMaterialForDerivation());

        texts.add(KEY.toString());
        texts.add(String.valueOf(KEY.hashCode()));
        KeyProvider keyring = KeyProviders.of(KEY, RETIRED);
        texts.add(keyring.toString());
        texts.add(keyring.describe());
        KeyProvider env = KeyProviderResolver.resolve("env:", List.of(new EnvironmentKeyProviderFactory(Map.of(
                "BACKUP_ENCRYPTION_KEY", hex, "BACKUP_ENCRYPTION_KEYS_RETIRED", retiredB64)::get)));
        texts.add(env.toString());
        texts.add(env.describe());
        texts.add(Dbk1Options.defaults().toString());

        // Near-miss keys: one character off, truncated, padded, wrong alphabet, in either variable.
        String[] nearMisses = {hex.substring(1), hex + "0", "x" + hex.substring(1), b64.substring(2), b64 + "AAAA",
            b64.replace('A', '*'), hex.toUpperCase(Locale.ROOT).substring(3), hex + "," + hex, " " + hex + "!"};
        for (String bad : nearMisses) {
            texts.add(failureText(() -> MasterKey.parse(bad)));
            texts.add(failureText(() -> KeyProviderResolver.resolve("env:", List.of(
                    new EnvironmentKeyProviderFactory(Map.of("BACKUP_ENCRYPTION_KEY", bad)::get)))));
            texts.add(failureText(() -> KeyProviderResolver.resolve("env:", List.of(
                    new EnvironmentKeyProviderFactory(Map.of("BACKUP_ENCRYPTION_KEYS_RETIRED", b64 + "," + bad)::get)))));
        }
        texts.add(failureText(() -> KeyProviders.fromUri("vault:" + hex)));
        texts.add(failureText(() -> KeyProviders.fromUri(b64)));

        byte[] archive = Fixtures.encrypt(new byte[9000], 4096, Fixtures.TENANT, KEY, 1);
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        OutputStream enc = Dbk1.encrypt(bo, KEY, Fixtures.TENANT, Dbk1Options.builder().segmentSize(4096).build());
        texts.add(enc.toString());
        enc.close();
        InputStream dec = Dbk1.decrypt(new ByteArrayInputStream(archive), keyring, Fixtures.TENANT);
        texts.add(dec.toString());
        texts.add(Dbk1.readHeader(new ByteArrayInputStream(archive)).toString());
        texts.add(failureText(() -> Dbk1.decrypt(new ByteArrayInputStream(archive), KeyProviders.of(RETIRED), "x")));
        texts.add(failureText(() -> Dbk1.decrypt(new ByteArrayInputStream(archive), KeyProviders.of(RETIRED),
                Fixtures.TENANT)));
        byte[] bad = archive.clone();
        bad[bad.length - 1] ^= 1;
        texts.add(failureText(() -> Dbk1.decrypt(new ByteArrayInputStream(bad), keyring, Fixtures.TENANT)
                .readAllBytes()));
        texts.add(failureText(() -> Dbk1.encrypt(bo, null, Fixtures.TENANT)));

        assertThat(texts).hasSizeGreaterThan(30);
        for (String text : texts) {
            for (String secret : List.of(hex, b64, retiredB64,
                    HexFormat.of().formatHex(RETIRED.copyKeyMaterialForDerivation()))) {
                for (int i = 0; i + 12 <= secret.length(); i++) {
                    String window = secret.substring(i, i + 12);
                    assertThat(text.toLowerCase(Locale.ROOT)).as("text: %s", text)
                            .doesNotContain(window.toLowerCase(Locale.ROOT));
                }
            }
        }
    }

    interface Action {
        Object run() throws Exception;
    }

    /** The failure's message, its toString and those of every cause; a success is itself a finding. */
    private static String failureText(Action a) {
        try {
            Object result = a.run();
            return "no failure: " + result;
        } catch (Exception e) {
            StringBuilder b = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause()) {
                b.append(t).append(" | ");
                for (Throwable s : t.getSuppressed()) {
                    b.append(s).append(" | ");
                }
            }
            return b.toString();
        }
    }
}
