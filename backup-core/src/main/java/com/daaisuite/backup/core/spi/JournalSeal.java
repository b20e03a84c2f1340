package com.daaisuite.backup.core.spi;

import com.daaisuite.backup.crypto.KeyId;
import com.daaisuite.backup.crypto.KeyMissingException;
import com.daaisuite.backup.crypto.MasterKey;
import com.daaisuite.backup.crypto.spi.KeyProvider;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Authenticates a source's restore journal entries under a key derived from the tenant's master key,
 * so that recovery acts only on entries the library itself wrote for this tenant: a document written
 * by hand into the journal collection (or copied from another tenant's) is recognised and ignored.
 *
 * <p>A seal is {@code j1:<key id>:<HMAC-SHA256, hex>}. The MAC key is HKDF-SHA256 (RFC 5869) of the
 * master key with an empty salt and the info {@code "daai-backup restore journal v1" 0x00 <tenant id>}:
 * its own info string, so it is never an archive key or a manifest key, and one per tenant. The key
 * that seals is the provider's current key; any key the provider knows (current or retired) verifies,
 * so a key rotation during an interrupted restore does not orphan its journal.
 *
 * <p>Holds no key material itself: keys are derived for each call and wiped after it. {@link #toString()}
 * names only the tenant. Immutable and thread-safe.
 */
public final class JournalSeal {
    private static final String VERSION = "j1";
    private static final byte[] INFO = "daai-backup restore journal v1".getBytes(StandardCharsets.US_ASCII);

    private final KeyProvider keys;
    private final String tenantId;

    private JournalSeal(KeyProvider keys, String tenantId) {
        this.keys = keys;
        this.tenantId = tenantId;
    }

    /**
     * @param keys the keys of the installation (the current one seals; any known one verifies)
     * @param tenantId the tenant whose database the journal describes, bound into the MAC key
     * @return the seal of that tenant's journal entries
     */
    public static JournalSeal of(KeyProvider keys, String tenantId) {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(tenantId, "tenantId");
        return new JournalSeal(keys, tenantId);
    }

    /** @return the tenant the seal is bound to */
    public String tenantId() {
        return tenantId;
    }

    /**
     * Seals the canonical bytes of a journal entry.
     *
     * @param content the entry's canonical bytes (the source defines them)
     * @return {@code j1:<key id>:<mac hex>}
     * @throws KeyMissingException if no current key is configured (nothing may then be written)
     */
    public String seal(byte[] content) {
        Objects.requireNonNull(content, "content");
        MasterKey key = keys.currentKey().orElseThrow(() -> new KeyMissingException("A restore journal entry cannot be "
                + "sealed: no current encryption key is configured. " + keys.howToConfigureKey()));
        return VERSION + ":" + key.id() + ":" + HexFormat.of().formatHex(mac(key, content));
    }

    /**
     * Whether {@code seal} authenticates {@code content} for this tenant under a key the provider knows.
     * Constant-time in the MAC comparison; false for anything malformed.
     *
     * @param content the entry's canonical bytes
     * @param seal the seal stored with it, may be null
     * @return true only for an authentic entry
     */
    public boolean verifies(byte[] content, String seal) {
        Objects.requireNonNull(content, "content");
        if (seal == null) {
            return false;
        }
        String[] parts = seal.split(":", -1);
        if (parts.length != 3 || !VERSION.equals(parts[0]) || parts[2].length() != 64) {
            return false;
        }
        Optional<MasterKey> key;
        byte[] given;
        try {
            key = keys.keyById(KeyId.parse(parts[1]));
            given = HexFormat.of().parseHex(parts[2]);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return key.isPresent() && MessageDigest.isEqual(mac(key.get(), content), given);
    }

    private byte[] mac(MasterKey master, byte[] content) {
        byte[] ikm = master.copyKeyMaterialForDerivation();
        byte[] prk = null;
        byte[] okm = null;
        try {
            byte[] tenant = tenantId.getBytes(StandardCharsets.UTF_8);
            byte[] info = Arrays.copyOf(INFO, INFO.length + 1 + tenant.length);
            System.arraycopy(tenant, 0, info, INFO.length + 1, tenant.length);
            // HKDF-SHA256 with one output block: PRK = HMAC(zeros, IKM); OKM = HMAC(PRK, info || 0x01).
            prk = hmac(new byte[32], ikm);
            byte[] t = Arrays.copyOf(info, info.length + 1);
            t[info.length] = 1;
            okm = hmac(prk, t);
            return hmac(okm, content);
        } finally {
            Arrays.fill(ikm, (byte) 0);
            if (prk != null) {
                Arrays.fill(prk, (byte) 0);
            }
            if (okm != null) {
                Arrays.fill(okm, (byte) 0);
            }
        }
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable in this JVM", e);
        }
    }

    /** @return {@code JournalSeal[tenant=<id>]}: never key material */
    @Override
    public String toString() {
        return "JournalSeal[tenant=" + tenantId + "]";
    }
}
