package com.daaisuite.backup.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.daaisuite.backup.ConfigurationException;
import com.daaisuite.backup.crypto.internal.EnvironmentKeyProviderFactory;
import com.daaisuite.backup.crypto.internal.KeyProviderResolver;
import com.daaisuite.backup.crypto.spi.KeyProvider;
import com.daaisuite.backup.crypto.spi.KeyProviderFactory;
import java.net.URI;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class KeyProvidersTest {
    private static final MasterKey CURRENT = MasterKey.generate(new SecureRandom());
    private static final MasterKey OLD1 = MasterKey.generate(new SecureRandom());
    private static final MasterKey OLD2 = MasterKey.generate(new SecureRandom());

    @Test
    void theStaticKeyringServesTheCurrentKeyAndFindsEveryKeyById() {
        KeyProvider p = KeyProviders.of(CURRENT, OLD1, OLD2);
        assertThat(p.currentKey()).contains(CURRENT);
        assertThat(p.keyById(OLD2.id())).contains(OLD2);
        assertThat(p.keyById(CURRENT.id())).contains(CURRENT);
        assertThat(p.keyById(MasterKey.generate(new SecureRandom()).id())).isEmpty();
        assertThat(p.knownKeyIds()).containsExactly(CURRENT.id(), OLD1.id(), OLD2.id());
        assertThat(p.describe()).isEqualTo("static keyring (current key id " + CURRENT.id() + ", 2 retired keys)");
    }

    @Test
    void aKeyringWithoutACurrentKeyIsDecryptOnly() {
        KeyProvider p = KeyProviders.of(null, OLD1);
        assertThat(p.currentKey()).isEmpty();
        assertThat(p.keyById(OLD1.id())).contains(OLD1);
    }

    @Test
    void envSchemeReadsTheDefaultVariablesCurrentAndRetired() {
        Map<String, String> env = Map.of("BACKUP_ENCRYPTION_KEY", hex(CURRENT),
                "BACKUP_ENCRYPTION_KEYS_RETIRED", base64(OLD1) + ", " + hex(OLD2));
        KeyProvider p = resolve("env:", env);
        assertThat(p.currentKey()).contains(CURRENT);
        assertThat(p.knownKeyIds()).containsExactly(CURRENT.id(), OLD1.id(), OLD2.id());
        assertThat(p.describe()).contains("BACKUP_ENCRYPTION_KEY and BACKUP_ENCRYPTION_KEYS_RETIRED");
        assertThat(resolve("env:BACKUP_ENCRYPTION_KEY", env).knownKeyIds()).hasSize(3);
    }

    @Test
    void envSchemeWithAVariableNameReadsItAndItsRetiredCompanion() {
        Map<String, String> env = Map.of("MY_VAR", base64(OLD1), "MY_VAR_RETIRED", base64(OLD2),
                "BACKUP_ENCRYPTION_KEY", hex(CURRENT));
        KeyProvider p = resolve("env:MY_VAR", env);
        assertThat(p.currentKey()).contains(OLD1);
        assertThat(p.knownKeyIds()).containsExactly(OLD1.id(), OLD2.id());
        assertThat(p.describe()).contains("MY_VAR and MY_VAR_RETIRED");
    }

    @Test
    void unsetOrBlankVariablesMeanNoKeyRatherThanAnError() {
        KeyProvider p = resolve("env:", Map.of("BACKUP_ENCRYPTION_KEY", "  "));
        assertThat(p.currentKey()).isEmpty();
        assertThat(p.knownKeyIds()).isEmpty();
    }

    @Test
    void aMalformedKeyNamesItsVariableAndEntryWithoutEchoingIt() {
        String secretLooking = hex(CURRENT).substring(1);
        assertThatThrownBy(() -> resolve("env:", Map.of("BACKUP_ENCRYPTION_KEY", secretLooking)))
                .isInstanceOf(MalformedKeyException.class)
                .hasMessageStartingWith("Environment variable BACKUP_ENCRYPTION_KEY: ")
                .hasMessageNotContaining(secretLooking.substring(0, 16));
        assertThatThrownBy(() -> resolve("env:", Map.of("BACKUP_ENCRYPTION_KEYS_RETIRED",
                base64(OLD1) + ",short")))
                .isInstanceOf(MalformedKeyException.class)
                .hasMessageContaining("BACKUP_ENCRYPTION_KEYS_RETIRED, entry 2 of 2");
        assertThatThrownBy(() -> resolve("env:", Map.of("BACKUP_ENCRYPTION_KEYS_RETIRED",
                base64(OLD1) + ",,")))
                .isInstanceOf(MalformedKeyException.class).hasMessageContaining("entry 2 of 3 is empty");
    }

    @Test
    void anUnknownSchemeListsTheKnownOnes() {
        assertThatThrownBy(() -> KeyProviders.fromUri("vault:secret/backup"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'vault:'").hasMessageContaining("Known schemes: env")
                .hasMessageNotContaining("secret/backup");
    }

    @Test
    void aUriWithoutASchemeIsRefused() {
        assertThatThrownBy(() -> KeyProviders.fromUri("BACKUP_ENCRYPTION_KEY"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("such as env:");
        assertThatThrownBy(() -> resolve("env:1BAD-NAME", Map.of()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("environment variable name");
    }

    @Test
    void twoFactoriesClaimingOneSchemeIsAnErrorNamingBoth() {
        KeyProviderFactory rogue = new RogueEnvFactory();
        assertThatThrownBy(() -> KeyProviderResolver.resolve("env:", List.of(new EnvironmentKeyProviderFactory(
                Map.<String, String>of()::get), rogue)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(EnvironmentKeyProviderFactory.class.getName())
                .hasMessageContaining(RogueEnvFactory.class.getName());
    }

    @Test
    void theEnvFactoryIsRegisteredWithServiceLoaderAndResolvesEnv() {
        assertThat(ServiceLoader.load(KeyProviderFactory.class).stream().map(ServiceLoader.Provider::type))
                .containsExactly((Class) EnvironmentKeyProviderFactory.class);
        assertThat(KeyProviders.fromUri("env:").describe())
                .contains("BACKUP_ENCRYPTION_KEY and BACKUP_ENCRYPTION_KEYS_RETIRED");
        assertThat(KeyProviders.fromEnvironment().describe())
                .contains("BACKUP_ENCRYPTION_KEY and BACKUP_ENCRYPTION_KEYS_RETIRED");
    }

    private static KeyProvider resolve(String uri, Map<String, String> env) {
        return KeyProviderResolver.resolve(uri, List.of(new EnvironmentKeyProviderFactory(env::get)));
    }

    static String hex(MasterKey k) {
        return HexFormat.of().formatHex(k.copyKeyMaterialForDerivation());
    }

    static String base64(MasterKey k) {
        return Base64.getEncoder().encodeToString(k.copyKeyMaterialForDerivation());
    }

    /** A second factory for env:, as a stray jar on the class path might bring. */
    static final class RogueEnvFactory implements KeyProviderFactory {
        @Override
        public String scheme() {
            return "ENV";
        }

        @Override
        public KeyProvider create(URI uri) {
            throw new AssertionError("must never be chosen");
        }
    }
}
