package com.daaisuite.backup.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.daaisuite.backup.crypto.KeyMissingException;
import com.daaisuite.backup.crypto.KeyProviders;
import com.daaisuite.backup.crypto.MasterKey;
import com.daaisuite.backup.crypto.spi.KeyProvider;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The seal of restore journal entries: bound to the tenant and the key, verifiable after a rotation, never showing key material. */
class JournalSealTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final MasterKey key = MasterKey.generate(RANDOM);
    private final byte[] entry = "{\"_id\":\"db_acme\",\"state\":\"swapping\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void anEntrySealedForATenantVerifiesForThatTenantOnly() {
        String seal = JournalSeal.of(KeyProviders.of(key), "acme").seal(entry);

        assertThat(seal).matches("j1:" + key.id() + ":[0-9a-f]{64}");
        assertThat(JournalSeal.of(KeyProviders.of(key), "acme").verifies(entry, seal)).isTrue();
        assertThat(JournalSeal.of(KeyProviders.of(key), "acme2").verifies(entry, seal)).as("another tenant").isFalse();
        assertThat(JournalSeal.of(KeyProviders.of(MasterKey.generate(RANDOM)), "acme").verifies(entry, seal)).as("another key")
                .isFalse();
    }

    @Test
    void everyChangedByteOfTheEntryOrTheSealFailsAndMalformedSealsAreRefusedQuietly() {
        JournalSeal s = JournalSeal.of(KeyProviders.of(key), "acme");
        String seal = s.seal(entry);
        for (int i = 0; i < entry.length; i++) {
            byte[] changed = entry.clone();
            changed[i] ^= 1;
            assertThat(s.verifies(changed, seal)).as("entry byte %d flipped", i).isFalse();
        }
        String mac = seal.substring(seal.lastIndexOf(':') + 1);
        byte[] macBytes = HexFormat.of().parseHex(mac);
        macBytes[31] ^= 0x80;
        assertThat(s.verifies(entry, seal.replace(mac, HexFormat.of().formatHex(macBytes)))).isFalse();
        for (String bad : new String[] {null, "", "j1", "j2:" + key.id() + ":" + mac, "j1:nothex:" + mac, "j1:" + key.id() + ":zz",
                "j1:" + key.id() + ":" + mac + ":extra", "j1:" + key.id() + ":" + mac.substring(2)}) {
            assertThat(s.verifies(entry, bad)).as("seal %s", bad).isFalse();
        }
    }

    @Test
    void aRetiredKeyStillVerifiesSoARotationDuringAnInterruptedRestoreOrphansNothing() {
        String seal = JournalSeal.of(KeyProviders.of(key), "acme").seal(entry);
        MasterKey next = MasterKey.generate(RANDOM);

        assertThat(JournalSeal.of(KeyProviders.of(next, key), "acme").verifies(entry, seal)).isTrue();
        assertThat(JournalSeal.of(KeyProviders.of(next), "acme").verifies(entry, seal)).as("the old key removed").isFalse();
        assertThat(JournalSeal.of(KeyProviders.of(next, key), "acme").seal(entry)).as("sealed with the current key")
                .startsWith("j1:" + next.id() + ":");
    }

    @Test
    void withoutACurrentKeyNothingIsSealedAndNoKeyMaterialIsEverShown() {
        KeyProvider none = new KeyProvider() {
            @Override
            public Optional<MasterKey> currentKey() {
                return Optional.empty();
            }

            @Override
            public Optional<MasterKey> keyById(com.daaisuite.backup.crypto.KeyId id) {
                return Optional.empty();
            }

            @Override
            public Set<com.daaisuite.backup.crypto.KeyId> knownKeyIds() {
                return Set.of();
            }

            @Override
            public String describe() {
                return "no keys";
            }
        };
        assertThatThrownBy(() -> JournalSeal.of(none, "acme").seal(entry)).isInstanceOf(KeyMissingException.class)
                .hasMessageContaining("cannot be sealed");
        JournalSeal s = JournalSeal.of(KeyProviders.of(key), "acme");
        assertThat(s.toString()).isEqualTo("JournalSeal[tenant=acme]");
        assertThat(RestoreTarget.of("db").withJournalSeal(s).toString()).doesNotContain(HexFormat.of().formatHex(
                key.copyKeyMaterialForDerivation())).contains("JournalSeal[tenant=acme]");
    }
}
