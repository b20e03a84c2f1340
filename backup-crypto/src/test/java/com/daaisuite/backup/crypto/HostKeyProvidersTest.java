package com.daaisuite.backup.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.daaisuite.backup.ConfigurationException;
import com.daaisuite.backup.crypto.internal.EnvironmentKeyProvider;
import com.daaisuite.backup.crypto.spi.KeyProvider;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Key providers built the way a host holds its keys: configuration values, and a supplier that rotates. */
class HostKeyProvidersTest {
    private static final MasterKey CURRENT = MasterKey.generate(new SecureRandom());
    private static final MasterKey OLD1 = MasterKey.generate(new SecureRandom());
    private static final MasterKey OLD2 = MasterKey.generate(new SecureRandom());

    @Test
    void aConfigurationProviderParsesTheCurrentKeyAndTheRetiredList() {
        KeyProvider p = KeyProviders.fromConfiguration(" " + base64(CURRENT) + "\n", hex(OLD1) + " , " + base64(OLD2),
                "backup.encryption.key");
        assertThat(p.currentKey()).contains(CURRENT);
        assertThat(p.knownKeyIds()).containsExactly(CURRENT.id(), OLD1.id(), OLD2.id());
        assertThat(p.describe()).startsWith("configuration settings backup.encryption.key and backup.encryption.key.retired");
    }

    @Test
    void aConfigurationProviderDescribesItsProblemsInTermsOfTheHostsSettings() {
        KeyProvider none = KeyProviders.fromConfiguration("", null, "backup.encryption.key");
        assertThat(none.currentKey()).isEmpty();
        assertThat(none.howToConfigureKey())
                .startsWith("Set the configuration setting backup.encryption.key to the key")
                .contains("openssl rand -base64 32")
                .doesNotContain("BACKUP_ENCRYPTION_KEY", "environment");
        assertThat(none.howToAddRetiredKey())
                .contains("configuration setting backup.encryption.key.retired")
                .doesNotContain("environment");

        KeyProvider named = KeyProviders.fromConfiguration(null, null, "daai.keys.current", "daai.keys.old");
        assertThat(named.howToAddRetiredKey()).contains("daai.keys.old");

        String secretLooking = "not-a-key-but-private-text";
        assertThatThrownBy(() -> KeyProviders.fromConfiguration(secretLooking, null, "backup.encryption.key"))
                .isInstanceOf(MalformedKeyException.class)
                .hasMessageStartingWith("Configuration setting backup.encryption.key: ")
                .hasMessageNotContaining(secretLooking);
        assertThatThrownBy(() -> KeyProviders.fromConfiguration(null, hex(OLD1) + ",,", "backup.encryption.key"))
                .isInstanceOf(MalformedKeyException.class)
                .hasMessageContaining("Configuration setting backup.encryption.key.retired: entry 2 of 3 is empty");
        assertThatThrownBy(() -> KeyProviders.fromConfiguration(null, null, " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("settingName");
    }

    @Test
    void anEnvironmentProviderNamesItsVariables() {
        KeyProvider p = EnvironmentKeyProvider.create(Map.<String, String>of()::get, "MY_KEY", "MY_KEY_RETIRED");
        assertThat(p.howToConfigureKey()).startsWith("Set the environment variable MY_KEY to the key");
        assertThat(p.howToAddRetiredKey()).contains("environment variable MY_KEY_RETIRED");
    }

    @Test
    void anyOtherProviderIsDescribedThroughDescribe() {
        KeyProvider p = KeyProviders.of(null, OLD1);
        assertThat(p.howToConfigureKey()).startsWith("Give the key provider (static keyring (current key id none, 1 retired key)) a current key")
                .contains("openssl rand -base64 32");
        assertThat(p.howToAddRetiredKey()).contains("static keyring");
    }

    @Test
    void aSupplierProviderRotatesWithoutBeingRebuilt() {
        AtomicReference<KeyProvider> ref = new AtomicReference<>(
                KeyProviders.fromConfiguration(base64(OLD1), null, "backup.encryption.key"));
        KeyProvider p = KeyProviders.fromSupplier(ref::get);
        assertThat(p.currentKey()).contains(OLD1);
        assertThat(p.keyById(CURRENT.id())).isEmpty();

        // The host's configuration reloads: a new current key, the old one retired.
        ref.set(KeyProviders.fromConfiguration(base64(CURRENT), base64(OLD1), "backup.encryption.key"));
        assertThat(p.currentKey()).contains(CURRENT);
        assertThat(p.keyById(OLD1.id())).contains(OLD1);
        assertThat(p.knownKeyIds()).containsExactly(CURRENT.id(), OLD1.id());
        assertThat(p.describe()).contains("1 retired key");
        assertThat(p.howToConfigureKey()).contains("backup.encryption.key");

        ref.set(null);
        assertThatThrownBy(p::currentKey).isInstanceOf(ConfigurationException.class).hasMessageContaining("returned null");
    }

    @Test
    void aReloadableProviderTakesReloadedKeysAtOnce() {
        ReloadableKeyProvider keys = KeyProviders.reloadable(KeyProviders.fromConfiguration(base64(OLD1), null, "backup.encryption.key"));
        assertThat(keys.currentKey()).contains(OLD1);

        keys.reload(KeyProviders.fromConfiguration(base64(CURRENT), base64(OLD1), "backup.encryption.key"));
        assertThat(keys.currentKey()).contains(CURRENT);
        assertThat(keys.keyById(OLD1.id())).contains(OLD1);
        assertThat(keys.knownKeyIds()).containsExactly(CURRENT.id(), OLD1.id());
        assertThat(keys.howToConfigureKey()).contains("backup.encryption.key");
        assertThat(keys.inUse().describe()).isEqualTo(keys.describe());
    }

    @Test
    void aReloadThatWouldStrandArchivesOfTheCurrentKeyIsRefusedAndTheKeysInUseStay() {
        ReloadableKeyProvider keys = KeyProviders.reloadable(KeyProviders.fromConfiguration(base64(OLD1), null, "backup.encryption.key"));
        // The operator set the new key but forgot to list the old one as retired.
        assertThatThrownBy(() -> keys.reload(KeyProviders.fromConfiguration(base64(CURRENT), null, "backup.encryption.key")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("do not include the current key " + OLD1.id())
                .hasMessageContaining("backup.encryption.key.retired")
                .hasMessageNotContaining(base64(OLD1)).hasMessageNotContaining(base64(CURRENT));
        assertThat(keys.currentKey()).contains(OLD1);

        // A malformed reload fails while parsing, before reload: the keys in use stay too.
        assertThatThrownBy(() -> keys.reload(KeyProviders.fromConfiguration("garbage", base64(OLD1), "backup.encryption.key")))
                .isInstanceOf(MalformedKeyException.class);
        assertThat(keys.currentKey()).contains(OLD1);

        // Dropping a retired key (its archives were re-encrypted) is the host's call and is allowed.
        keys.reload(KeyProviders.fromConfiguration(base64(CURRENT), base64(OLD1) + "," + base64(OLD2), "backup.encryption.key"));
        keys.reload(KeyProviders.fromConfiguration(base64(CURRENT), base64(OLD1), "backup.encryption.key"));
        assertThat(keys.keyById(OLD2.id())).isEmpty();
        // A provider without a current key may always be replaced.
        ReloadableKeyProvider none = KeyProviders.reloadable(KeyProviders.fromConfiguration(null, null, "backup.encryption.key"));
        none.reload(KeyProviders.fromConfiguration(base64(CURRENT), null, "backup.encryption.key"));
        assertThat(none.currentKey()).contains(CURRENT);
    }

    private static String hex(MasterKey k) {
        byte[] b = k.copyKeyMaterialForDerivation();
        return HexFormat.of().formatHex(b);
    }

    private static String base64(MasterKey k) {
        return Base64.getEncoder().encodeToString(k.copyKeyMaterialForDerivation());
    }
}
