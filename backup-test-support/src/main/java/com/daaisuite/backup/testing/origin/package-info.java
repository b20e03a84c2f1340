/**
 * Test support for {@link com.daaisuite.backup.core.spi.OriginLedger}: the contract suite every
 * ledger implementation extends ({@link com.daaisuite.backup.testing.origin.OriginLedgerContract}).
 */
package com.daaisuite.backup.testing.origin;
