/**
 * The root of daai-backup's exception hierarchy, shared by every module.
 *
 * <p>{@link com.daaisuite.backup.BackupException} is the one unchecked root; {@link
 * com.daaisuite.backup.IntegrityException} and {@link com.daaisuite.backup.RefusedException} group
 * the subtypes callers usually handle together. The precise subtypes live in their domain's package
 * ({@code com.daaisuite.backup.crypto}, {@code com.daaisuite.backup.core}, ...).
 *
 * <p>This package is the module {@code backup-api}, which depends on nothing: a plugin or a host can
 * catch and throw the library's exceptions without depending on the crypto module.
 */
package com.daaisuite.backup;
