package com.daaisuite.backup.testing.keys;

import com.daaisuite.backup.crypto.KeyProviders;
import com.daaisuite.backup.crypto.MasterKey;
import com.daaisuite.backup.crypto.spi.KeyProvider;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The environment provider ({@code BACKUP_ENCRYPTION_KEY}, {@code BACKUP_ENCRYPTION_KEYS_RETIRED}), read through a lookup. */
class EnvironmentKeyProviderContractTest extends KeyProviderContract {
    @Override
    protected KeyProvider provider(MasterKey current, List<MasterKey> retired) {
        Map<String, String> env = new HashMap<>();
        if (current != null) {
            env.put(KeyProviders.CURRENT_KEY_VARIABLE, base64(current));
        }
        if (!retired.isEmpty()) {
            env.put(KeyProviders.RETIRED_KEYS_VARIABLE, retired.stream().map(KeyProviderContract::base64)
                    .collect(Collectors.joining(",")));
        }
        return KeyProviders.fromEnvironment(env::get);
    }
}
