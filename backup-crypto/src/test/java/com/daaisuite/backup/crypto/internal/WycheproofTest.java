package com.daaisuite.backup.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Project Wycheproof vectors (Apache 2.0, see src/test/resources/wycheproof/README.md and LICENSE)
 * against the two primitives DBK1 uses: the codec's {@link SegmentCipher} (AES-256-GCM with a 12-byte
 * nonce, a 128-bit tag, one doFinal per segment: the very object both streams seal and open with),
 * and the module's HKDF-SHA256 wrapper.
 */
class WycheproofTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    @SuppressWarnings("unchecked")
    void theSegmentCipherAgreesWithEveryWycheproofCaseOnTheCodecsNonceAndTagSizes() throws Exception {
        Map<String, Object> root = load("/wycheproof/aes_gcm_test.json");
        Map<String, Integer> skipped = new TreeMap<>();
        int checked = 0;
        int checkedAes256 = 0;
        int rejected = 0;
        for (Object g : (List<Object>) root.get("testGroups")) {
            Map<String, Object> group = (Map<String, Object>) g;
            long ivSize = (Long) group.get("ivSize");
            long tagSize = (Long) group.get("tagSize");
            for (Object t : (List<Object>) group.get("tests")) {
                Map<String, Object> test = (Map<String, Object>) t;
                if (ivSize != 96 || tagSize != 128) {
                    skipped.merge("nonce of " + ivSize + " bits (DBK1 uses 96)", 1, Integer::sum);
                    continue;
                }
                String id = "tcId " + test.get("tcId") + " (" + test.get("comment") + ")";
                byte[] key = HEX.parseHex((String) test.get("key"));
                byte[] iv = HEX.parseHex((String) test.get("iv"));
                byte[] aad = HEX.parseHex((String) test.get("aad"));
                byte[] msg = HEX.parseHex((String) test.get("msg"));
                byte[] sealed = concat(HEX.parseHex((String) test.get("ct")), HEX.parseHex((String) test.get("tag")));
                boolean valid = !"invalid".equals(test.get("result"));
                SecretKeySpec k = new SecretKeySpec(key, "AES");
                // Through the codec's own segment cipher, exactly as both DBK1 streams call it.
                SegmentCipher codec = new SegmentCipher();
                byte[] out = new byte[Math.max(0, sealed.length - 16)];
                if (valid) {
                    assertThat(codec.open(k, iv, aad, sealed, sealed.length, out, 0)).as(id).isTrue();
                    assertThat(out).as(id).isEqualTo(msg);
                    byte[] resealed = new byte[msg.length + 16];
                    assertThat(codec.seal(k, iv, aad, msg, 0, msg.length, resealed)).as(id).isEqualTo(sealed.length);
                    assertThat(resealed).as(id).isEqualTo(sealed);
                } else {
                    assertThat(codec.open(k, iv, aad, sealed, sealed.length, out, 0)).as(id + ": an invalid case must not open")
                            .isFalse();
                    rejected++;
                }
                checked++;
                if (key.length == 32) {
                    checkedAes256++;
                }
            }
        }
        int skippedTotal = skipped.values().stream().mapToInt(Integer::intValue).sum();
        System.out.printf("Wycheproof AES-GCM: %d cases checked (%d with AES-256, %d rejected as they must);"
                + " %d skipped: %s%n", checked, checkedAes256, rejected, skippedTotal, skipped);
        assertThat(checked + skippedTotal).isEqualTo(((Long) root.get("numberOfTests")).intValue());
        assertThat(checkedAes256).isEqualTo(66);
        assertThat(checked).isEqualTo(197);
    }

    @Test
    @SuppressWarnings("unchecked")
    void hkdfWrapperAgreesWithEveryWycheproofHkdfSha256Case() throws Exception {
        Map<String, Object> root = load("/wycheproof/hkdf_sha256_test.json");
        int valid = 0;
        int invalid = 0;
        for (Object g : (List<Object>) root.get("testGroups")) {
            for (Object t : (List<Object>) ((Map<String, Object>) g).get("tests")) {
                Map<String, Object> test = (Map<String, Object>) t;
                String id = "tcId " + test.get("tcId") + " (" + test.get("comment") + ")";
                byte[] ikm = HEX.parseHex((String) test.get("ikm"));
                byte[] salt = HEX.parseHex((String) test.get("salt"));
                byte[] info = HEX.parseHex((String) test.get("info"));
                int size = ((Long) test.get("size")).intValue();
                if ("invalid".equals(test.get("result"))) {
                    assertThatThrownBy(() -> Hkdf.sha256(ikm, salt, info, size)).as(id)
                            .isInstanceOf(IllegalArgumentException.class);
                    invalid++;
                } else {
                    assertThat(Hkdf.sha256(ikm, salt, info, size)).as(id)
                            .isEqualTo(HEX.parseHex((String) test.get("okm")));
                    valid++;
                }
            }
        }
        assertThat(valid + invalid).isEqualTo(((Long) root.get("numberOfTests")).intValue());
        assertThat(invalid).isEqualTo(3);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> load(String resource) throws IOException {
        try (InputStream in = WycheproofTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return (Map<String, Object>) MiniJson.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
