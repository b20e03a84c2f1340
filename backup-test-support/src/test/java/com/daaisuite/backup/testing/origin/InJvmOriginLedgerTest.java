package com.daaisuite.backup.testing.origin;

import static org.assertj.core.api.Assertions.assertThat;

import com.daaisuite.backup.core.internal.InJvmOriginLedger;
import com.daaisuite.backup.core.spi.OriginLedger;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The shared {@link OriginLedgerContract} for the in-JVM default. */
class InJvmOriginLedgerTest extends OriginLedgerContract {
    @Override
    protected OriginLedger createLedger() {
        return new InJvmOriginLedger();
    }

    @Test
    void everyBackupsOverOneStoreSharesOneLedger() {
        InJvmOriginLedger.forLocation("file:/tmp/a").record("acme", Instant.EPOCH);
        assertThat(InJvmOriginLedger.forLocation("file:/tmp/a").encryptedSince("acme")).contains(Instant.EPOCH);
        assertThat(InJvmOriginLedger.forLocation("file:/tmp/b").encryptedSince("acme")).isEmpty();
    }
}
