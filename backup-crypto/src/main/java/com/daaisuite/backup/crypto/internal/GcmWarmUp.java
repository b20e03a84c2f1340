package com.daaisuite.backup.crypto.internal;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Gets the JDK's accelerated AES-GCM path compiled. On JDK 17 the code used for messages over
 * 64 KiB stays interpreted (about 77 MB/s) until C2 compiles it, which takes 10 to 40 seconds of
 * real work with 1 to 4 MiB segments; a few thousand calls on buffers just over 64 KiB get it
 * compiled in about a second. Buffers of exactly 64 KiB do not: they take another path.
 */
public final class GcmWarmUp {
    private static final AtomicBoolean DONE = new AtomicBoolean();
    private static final int ROUNDS = 3000;
    private static final long TIME_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(3);

    private GcmWarmUp() {}

    /** @return true if this call did the warm-up, false if an earlier call already had */
    public static boolean runOnce() {
        if (!DONE.compareAndSet(false, true)) {
            return false;
        }
        try {
            byte[] k = new byte[32];
            new SecureRandom().nextBytes(k);
            SecretKeySpec key = new SecretKeySpec(k, "AES");
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            byte[] plain = new byte[(64 << 10) + 512];
            byte[] sealed = new byte[plain.length + 16];
            byte[] back = new byte[plain.length];
            byte[] aad = new byte[64];
            byte[] nonce = new byte[12];
            long start = System.nanoTime();
            for (int i = 0; i < ROUNDS && System.nanoTime() - start < TIME_LIMIT_NANOS; i++) {
                nonce[0] = (byte) i;
                nonce[1] = (byte) (i >>> 8);
                c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
                c.updateAAD(aad);
                int n = c.doFinal(plain, 0, plain.length, sealed, 0);
                c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, nonce));
                c.updateAAD(aad);
                c.doFinal(sealed, 0, n, back, 0);
            }
            return true;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM/NoPadding is unavailable in this JVM", e);
        }
    }
}
