package com.daaisuite.backup.core;

import com.daaisuite.backup.crypto.MasterKey;
import com.daaisuite.backup.crypto.spi.KeyProvider;
import com.daaisuite.backup.testing.keys.KeyProviderContract;
import java.util.List;

/** A host's own provider: the switchable keyring the library's specifications rotate keys with. */
class HostKeyProviderContractTest extends KeyProviderContract {
    @Override
    protected KeyProvider provider(MasterKey current, List<MasterKey> retired) {
        Fixture.Keys keys = new Fixture.Keys();
        keys.current.set(current);
        keys.retired.addAll(retired);
        return keys;
    }
}
