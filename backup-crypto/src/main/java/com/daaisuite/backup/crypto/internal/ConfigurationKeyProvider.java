package com.daaisuite.backup.crypto.internal;

import com.daaisuite.backup.crypto.MasterKey;
import java.util.List;

/**
 * Keys from the host's configuration values (a properties file, a settings table, a secret store
 * read by the host), parsed once when the provider is made. Problems and advice name the host's
 * settings, never an environment variable the host does not use.
 */
public final class ConfigurationKeyProvider extends StaticKeyProvider {
    private final String setting;
    private final String retiredSetting;

    private ConfigurationKeyProvider(MasterKey current, List<MasterKey> retired, String setting, String retiredSetting) {
        super(current, retired, "configuration settings " + setting + " and " + retiredSetting);
        this.setting = setting;
        this.retiredSetting = retiredSetting;
    }

    /**
     * @param current the current key's text, or null/blank for none
     * @param retiredCsv retired keys, comma separated, or null/blank for none
     * @param setting the name of the setting holding the current key, for messages
     * @param retiredSetting the name of the setting holding the retired keys, for messages
     * @return the provider
     * @throws com.daaisuite.backup.crypto.MalformedKeyException naming the setting (and entry) that
     *     is malformed; never its text
     */
    public static ConfigurationKeyProvider create(String current, String retiredCsv, String setting, String retiredSetting) {
        requireName(setting, "settingName");
        requireName(retiredSetting, "retiredSettingName");
        MasterKey cur = current == null || current.isBlank() ? null
                : EnvironmentKeyProvider.parse(current, "Configuration setting " + setting);
        List<MasterKey> retired = EnvironmentKeyProvider.parseList(retiredCsv, "Configuration setting " + retiredSetting);
        return new ConfigurationKeyProvider(cur, retired, setting, retiredSetting);
    }

    private static void requireName(String name, String what) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(what + " must name the host's setting, such as backup.encryption.key");
        }
    }

    @Override
    public String howToConfigureKey() {
        return "Set the configuration setting " + setting + " to the key and reload the configuration. "
                + MasterKey.howToMakeOne() + ".";
    }

    @Override
    public String howToAddRetiredKey() {
        return "Add the key the archive was made with to the configuration setting " + retiredSetting
                + " (comma separated) and reload the configuration.";
    }
}
