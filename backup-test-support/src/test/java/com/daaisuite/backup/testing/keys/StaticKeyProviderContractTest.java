package com.daaisuite.backup.testing.keys;

import com.daaisuite.backup.crypto.KeyProviders;
import com.daaisuite.backup.crypto.MasterKey;
import com.daaisuite.backup.crypto.spi.KeyProvider;
import java.util.List;

/** The in-memory keyring a host builds from keys it keeps elsewhere ({@link KeyProviders#of}). */
class StaticKeyProviderContractTest extends KeyProviderContract {
    @Override
    protected KeyProvider provider(MasterKey current, List<MasterKey> retired) {
        return KeyProviders.of(current, retired.toArray(MasterKey[]::new));
    }
}
