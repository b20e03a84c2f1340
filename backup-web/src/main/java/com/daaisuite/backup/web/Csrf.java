package com.daaisuite.backup.web;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * CSRF tokens without server state: HMAC-SHA256 under a server secret over the host's session id, the
 * actor and the tenant. A token is useless in another session, for another user or another workspace,
 * and cannot be made without the secret. The page reads it from {@code GET api/session} (same-origin
 * only: a cross-site page cannot read the response) and sends it in the {@code X-CSRF-Token} header.
 */
final class Csrf {
    static final String HEADER = "X-CSRF-Token";
    private final SecretKeySpec key;

    Csrf(byte[] secret) {
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    }

    String tokenFor(WebUser user) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            // Length-prefixed fields, so that no two different (session, actor, tenant) triples share an input.
            for (String part : new String[] {"daai-backup-web csrf v1", user.sessionId(), user.actor().id(), user.tenantId()}) {
                byte[] b = part.getBytes(StandardCharsets.UTF_8);
                mac.update(new byte[] {(byte) (b.length >>> 24), (byte) (b.length >>> 16), (byte) (b.length >>> 8), (byte) b.length});
                mac.update(b);
            }
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    boolean valid(WebUser user, String presented) {
        if (presented == null || presented.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(tokenFor(user).getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "Csrf[HmacSHA256, secret hidden]";
    }
}
