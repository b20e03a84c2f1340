/** The contract suite every {@link com.daaisuite.backup.crypto.spi.KeyProvider} extends. */
package com.daaisuite.backup.testing.keys;
