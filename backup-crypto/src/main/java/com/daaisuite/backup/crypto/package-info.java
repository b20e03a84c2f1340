/**
 * The DBK1 encrypted archive format and the master keys behind it.
 *
 * <p>{@link com.daaisuite.backup.crypto.Dbk1} encrypts and decrypts streams; {@link
 * com.daaisuite.backup.crypto.MasterKey} holds key material that never shows itself; {@link
 * com.daaisuite.backup.crypto.KeyProviders} resolves a provider from a URI such as {@code env:}.
 */
package com.daaisuite.backup.crypto;
