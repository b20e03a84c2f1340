package com.daaisuite.backup.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A second, deliberately naive DBK1 writer (versions 1 and 2) built only from docs/dbk1.md and the JDK (HKDF from
 * HmacSHA256, not BouncyCastle), so the known-answer tests check the document as well as the code.
 */
final class ReferenceDbk1 {
    private ReferenceDbk1() {}

    static byte[] keyId(byte[] masterKey) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(masterKey, "HmacSHA256"));
        return Arrays.copyOf(mac.doFinal("daai-backup DBK1 key id v1".getBytes(StandardCharsets.US_ASCII)), 8);
    }

    static byte[] hkdfSha256(byte[] ikm, byte[] salt, byte[] info, int length) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(salt.length == 0 ? new byte[32] : salt, "HmacSHA256"));
        byte[] prk = mac.doFinal(ikm);
        mac.init(new SecretKeySpec(prk, "HmacSHA256"));
        ByteArrayOutputStream okm = new ByteArrayOutputStream();
        byte[] t = new byte[0];
        for (int i = 1; okm.size() < length; i++) {
            mac.update(t);
            mac.update(info);
            mac.update((byte) i);
            t = mac.doFinal();
            okm.write(t, 0, t.length);
        }
        return Arrays.copyOf(okm.toByteArray(), length);
    }

    static byte[] header(byte[] masterKey, String tenant, int segmentSize, byte[] salt, byte[] prefix)
            throws GeneralSecurityException {
        byte[] t = tenant.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer h = ByteBuffer.allocate(4 + 1 + 1 + 4 + 8 + 1 + t.length + 32 + 7);
        h.put("DBK1".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 1).putInt(segmentSize)
                .put(keyId(masterKey)).put((byte) t.length).put(t).put(salt).put(prefix);
        return h.array();
    }

    /** The version 2 header: version 2, and after the tenant id the name's length, the name and the creation time in ms. */
    static byte[] headerBound(byte[] masterKey, String tenant, int segmentSize, String archiveName, long createdAtMillis,
            byte[] salt, byte[] prefix) throws GeneralSecurityException {
        byte[] t = tenant.getBytes(StandardCharsets.US_ASCII);
        byte[] n = archiveName.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer h = ByteBuffer.allocate(4 + 1 + 1 + 4 + 8 + 1 + t.length + 1 + n.length + 8 + 32 + 7);
        h.put("DBK1".getBytes(StandardCharsets.US_ASCII)).put((byte) 2).put((byte) 1).putInt(segmentSize)
                .put(keyId(masterKey)).put((byte) t.length).put(t).put((byte) n.length).put(n).putLong(createdAtMillis)
                .put(salt).put(prefix);
        return h.array();
    }

    static byte[] encryptBound(byte[] masterKey, String tenant, int segmentSize, String archiveName, java.time.Instant createdAt,
            byte[] salt, byte[] prefix, byte[] plaintext) throws GeneralSecurityException {
        return seal(headerBound(masterKey, tenant, segmentSize, archiveName, createdAt.toEpochMilli(), salt, prefix),
                masterKey, tenant, segmentSize, salt, prefix, plaintext);
    }

    static byte[] archiveKey(byte[] masterKey, String tenant, byte[] salt) throws GeneralSecurityException {
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        info.writeBytes("DBK1 v1 AES-256-GCM archive key".getBytes(StandardCharsets.US_ASCII));
        info.write(0);
        info.writeBytes(tenant.getBytes(StandardCharsets.US_ASCII));
        return hkdfSha256(masterKey, salt, info.toByteArray(), 32);
    }

    static byte[] nonce(byte[] prefix, int index, boolean last) {
        return ByteBuffer.allocate(12).put(prefix).putInt(index).put((byte) (last ? 1 : 0)).array();
    }

    static byte[] encrypt(byte[] masterKey, String tenant, int segmentSize, byte[] salt, byte[] prefix,
            byte[] plaintext) throws GeneralSecurityException {
        return seal(header(masterKey, tenant, segmentSize, salt, prefix), masterKey, tenant, segmentSize, salt, prefix,
                plaintext);
    }

    private static byte[] seal(byte[] header, byte[] masterKey, String tenant, int segmentSize, byte[] salt, byte[] prefix,
            byte[] plaintext) throws GeneralSecurityException {
        SecretKeySpec key = new SecretKeySpec(archiveKey(masterKey, tenant, salt), "AES");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header);
        int segments = plaintext.length == 0 ? 1 : (plaintext.length + segmentSize - 1) / segmentSize;
        for (int i = 0; i < segments; i++) {
            int from = i * segmentSize;
            int to = Math.min(plaintext.length, from + segmentSize);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce(prefix, i, i == segments - 1)));
            c.updateAAD(header);
            out.writeBytes(c.doFinal(plaintext, from, to - from));
        }
        return out.toByteArray();
    }
}
