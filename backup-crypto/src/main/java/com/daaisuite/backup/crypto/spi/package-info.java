/**
 * Service-provider interfaces of the crypto module: {@link
 * com.daaisuite.backup.crypto.spi.KeyProvider} and its {@link java.util.ServiceLoader} factory.
 *
 * <p>SPIs may evolve faster than the API: implementors should expect additions between minor
 * versions.
 */
package com.daaisuite.backup.crypto.spi;
