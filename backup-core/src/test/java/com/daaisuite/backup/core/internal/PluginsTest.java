package com.daaisuite.backup.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.daaisuite.backup.ConfigurationException;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** Test factories are registered in src/test/resources/META-INF/services. */
class PluginsTest {

    @Test
    void aMissingPluginNamesTheModuleToAdd() {
        assertThatThrownBy(() -> Plugins.storage("file:/var/daai/backups")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("com.daaisuite.backup:backup-storage-fs");
        assertThatThrownBy(() -> Plugins.storage("s3://bucket/prefix")).hasMessageContaining("backup-storage-s3");
        assertThatThrownBy(() -> Plugins.source("mongodb://db:27017")).hasMessageContaining("backup-mongo");
        assertThatThrownBy(() -> Plugins.source("mongodb+srv://cluster.example.com")).hasMessageContaining("backup-mongo");
        assertThatThrownBy(() -> Plugins.storage("ftp://host/x")).hasMessageContaining("'ftp:'");
    }

    @Test
    void theOneMatchingFactoryCreatesThePlugin() {
        assertThat(Plugins.storage("fake:anything").describe()).isEqualTo("fake:anything");
    }

    @Test
    void twoFactoriesClaimingOneSchemeIsAnError() {
        assertThatThrownBy(() -> Plugins.storage("dup:x")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Several storage plugins claim the URI scheme 'dup:'")
                .hasMessageContaining(TestFactories.DupA.class.getName()).hasMessageContaining(TestFactories.DupB.class.getName());
    }

    @Test
    void aUriWithoutASchemeIsRefusedClearly() {
        assertThatThrownBy(() -> Plugins.storage("/var/daai/backups")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("has no scheme").hasMessageContaining("file:/var/daai/backups");
        assertThatThrownBy(() -> Plugins.storage("C:\\backups")).hasMessageContaining("has no scheme");
        assertThatThrownBy(() -> Plugins.storage(" ")).isInstanceOf(ConfigurationException.class);
    }

    @Test
    void fileUrisAreNormalisedIncludingWindowsPathsAndSpaces() {
        assertThat(Plugins.parse("file:/var/daai backups", "storage")).isEqualTo(URI.create("file:/var/daai%20backups"));
        assertThat(Plugins.parse("file:C:\\daai\\backups", "storage")).isEqualTo(URI.create("file:/C:/daai/backups"));
        assertThat(Plugins.parse("FILE:///srv/b", "storage").getPath()).isEqualTo("/srv/b");
        assertThat(Plugins.parse("file:relative/dir", "storage").getSchemeSpecificPart()).isEqualTo("relative/dir");
    }

    @Test
    void credentialsNeverAppearInMessages() {
        assertThatThrownBy(() -> Plugins.source("mongodb://admin:s3cret@db:27017/x y")).isInstanceOf(ConfigurationException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
        assertThat(Plugins.redact("mongodb://admin:s3cret@db:27017")).isEqualTo("mongodb://***@db:27017");
    }
}
