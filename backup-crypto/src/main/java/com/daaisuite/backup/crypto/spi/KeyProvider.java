package com.daaisuite.backup.crypto.spi;

import com.daaisuite.backup.crypto.KeyId;
import com.daaisuite.backup.crypto.MasterKey;
import java.util.Optional;
import java.util.Set;

/**
 * Supplies the master keys archives are encrypted and decrypted with.
 *
 * <p>A provider has at most one <em>current</em> key, used for new archives, and any number of
 * retired keys that can still decrypt old ones. Keys are found by their {@link KeyId}, the
 * fingerprint every DBK1 header carries, so a rotated key is found without extra configuration.
 *
 * <p>Implementations must be thread-safe and must never log or expose key bytes.
 */
public interface KeyProvider {

    /**
     * The key new archives are encrypted with.
     *
     * @return the current key, or empty when none is configured (new backups then fail with
     *     {@link com.daaisuite.backup.crypto.KeyMissingException})
     */
    Optional<MasterKey> currentKey();

    /**
     * Finds a key, current or retired, by its fingerprint.
     *
     * @param id the key id read from an archive header
     * @return the key, or empty when this provider does not know it
     */
    Optional<MasterKey> keyById(KeyId id);

    /**
     * The ids of every key this provider can decrypt with, current first. Used in error messages
     * ("the archive needs key X; configured: Y, Z") and status screens; never key material.
     *
     * @return the configured key ids, current first
     */
    Set<KeyId> knownKeyIds();

    /**
     * A short human description for logs and status screens, such as
     * {@code "environment variable BACKUP_ENCRYPTION_KEY"}. Never contains key material.
     *
     * @return the description
     */
    String describe();

    /**
     * What an operator does to give this provider a current key, in the provider's own terms: an
     * environment provider names its variable, a configuration provider names the setting. Shown in
     * status banners and in the error of a backup refused for want of a key. Never key material.
     *
     * <p>The default names {@link #describe()}; providers with a place the key comes from override it.
     *
     * @return one or two sentences that say what to do
     */
    default String howToConfigureKey() {
        return "Give the key provider (" + describe() + ") a current key. " + com.daaisuite.backup.crypto.MasterKey.howToMakeOne() + ".";
    }

    /**
     * What an operator does so that this provider can decrypt archives made with an older key (the
     * archive's key id is not among {@link #knownKeyIds()}). Never key material.
     *
     * @return one or two sentences that say what to do
     */
    default String howToAddRetiredKey() {
        return "Add the key the archive was made with to the key provider (" + describe() + ") as a retired key.";
    }
}
