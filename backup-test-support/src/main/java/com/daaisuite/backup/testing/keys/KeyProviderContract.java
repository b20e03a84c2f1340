package com.daaisuite.backup.testing.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.daaisuite.backup.crypto.Dbk1;
import com.daaisuite.backup.crypto.KeyId;
import com.daaisuite.backup.crypto.MasterKey;
import com.daaisuite.backup.crypto.spi.KeyProvider;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What every {@link KeyProvider} must do, whatever holds its keys (the environment, a file, memory,
 * a host's vault). A provider module extends this once and says how to build its provider with a
 * given current key and retired keys.
 *
 * <p>The contract: the current key is the one configured (or empty when none is); every configured
 * key, current or retired, is found by its id and only those; the known ids are exactly the
 * configured ones; an archive made with any configured key decrypts through the provider; and
 * neither {@code describe()} nor {@code toString()} ever shows key material.
 */
public abstract class KeyProviderContract {
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * @param current the key new archives are made with, or null for none
     * @param retired keys that must still decrypt
     * @return a provider holding exactly these keys
     */
    protected abstract KeyProvider provider(MasterKey current, List<MasterKey> retired);

    /** @return a fresh random key */
    protected static MasterKey newKey() {
        return MasterKey.generate(RANDOM);
    }

    /**
     * @param key a key
     * @return its material as base64, for providers configured with text
     */
    protected static String base64(MasterKey key) {
        return Base64.getEncoder().encodeToString(key.copyKeyMaterialForDerivation());
    }

    @Test
    public void theCurrentKeyIsTheConfiguredOne() {
        MasterKey current = newKey();
        KeyProvider p = provider(current, List.of());
        assertThat(p.currentKey()).contains(current);
        assertThat(p.keyById(current.id())).contains(current);
    }

    @Test
    public void withoutACurrentKeyThereIsNoneButRetiredKeysStillDecrypt() throws IOException {
        MasterKey old = newKey();
        byte[] archive = encrypt(old, "acme", "before the rotation");
        KeyProvider p = provider(null, List.of(old));
        assertThat(p.currentKey()).isEmpty();
        assertThat(decrypt(archive, p, "acme")).isEqualTo("before the rotation");
    }

    @Test
    public void everyConfiguredKeyIsFoundByItsIdAndNoOther() {
        MasterKey current = newKey();
        MasterKey r1 = newKey();
        MasterKey r2 = newKey();
        KeyProvider p = provider(current, List.of(r1, r2));
        assertThat(p.keyById(r1.id())).contains(r1);
        assertThat(p.keyById(r2.id())).contains(r2);
        assertThat(p.keyById(newKey().id())).isEmpty();
        assertThat(p.knownKeyIds()).containsExactlyInAnyOrder(current.id(), r1.id(), r2.id());
    }

    @Test
    public void archivesOfTheCurrentAndOfRetiredKeysDecryptThroughTheProvider() throws IOException {
        MasterKey current = newKey();
        MasterKey old = newKey();
        KeyProvider p = provider(current, List.of(old));
        assertThat(decrypt(encrypt(current, "acme", "new"), p, "acme")).isEqualTo("new");
        assertThat(decrypt(encrypt(old, "acme", "old"), p, "acme")).isEqualTo("old");
    }

    @Test
    public void neitherDescribeNorToStringShowsKeyMaterial() {
        MasterKey current = newKey();
        MasterKey old = newKey();
        KeyProvider p = provider(current, List.of(old));
        for (String shown : List.of(p.describe(), String.valueOf(p))) {
            assertThat(shown).isNotBlank();
            for (MasterKey k : List.of(current, old)) {
                byte[] m = k.copyKeyMaterialForDerivation();
                assertThat(shown).doesNotContain(Base64.getEncoder().encodeToString(m))
                        .doesNotContain(Base64.getEncoder().withoutPadding().encodeToString(m).substring(0, 16))
                        .doesNotContainIgnoringCase(HexFormat.of().formatHex(m).substring(0, 16));
            }
        }
    }

    @Test
    public void theIdsItKnowsAreStable() {
        MasterKey current = newKey();
        KeyProvider p = provider(current, List.of());
        Optional<KeyId> first = p.currentKey().map(MasterKey::id);
        assertThat(p.currentKey().map(MasterKey::id)).isEqualTo(first);
        assertThat(p.knownKeyIds()).containsExactly(current.id());
    }

    private static byte[] encrypt(MasterKey key, String tenant, String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream enc = Dbk1.encrypt(out, key, tenant)) {
            enc.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static String decrypt(byte[] archive, KeyProvider keys, String tenant) throws IOException {
        try (InputStream in = Dbk1.decrypt(new ByteArrayInputStream(archive), keys, tenant)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
