package com.daaisuite.backup.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class MasterKeyTest {
    private static final byte[] BYTES = HexFormat.of().parseHex(
            "8f2b6c1d0e4a9f3b7c5d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b");

    @Test
    void parsesHexInEitherCaseAndBase64StandardOrUrlSafeWithOrWithoutPadding() {
        MasterKey expected = MasterKey.of(BYTES);
        String b64 = Base64.getEncoder().encodeToString(BYTES);
        assertThat(MasterKey.parse(HexFormat.of().formatHex(BYTES))).isEqualTo(expected);
        assertThat(MasterKey.parse(HexFormat.of().withUpperCase().formatHex(BYTES))).isEqualTo(expected);
        assertThat(MasterKey.parse(b64)).isEqualTo(expected);
        assertThat(MasterKey.parse(b64.replace("=", ""))).isEqualTo(expected);
        assertThat(MasterKey.parse(Base64.getUrlEncoder().encodeToString(BYTES))).isEqualTo(expected);
        assertThat(MasterKey.parse("  " + b64 + "\n")).isEqualTo(expected);
    }

    @Test
    void refusesWrongLengthsNonEncodingsAndOneValueKeysSayingHowToMakeOne() {
        String[] bad = {"", "   ", "abc", HexFormat.of().formatHex(BYTES).substring(2),
            Base64.getEncoder().encodeToString(new byte[31 + 1]).substring(4), "not a key at all, clearly!",
            Base64.getEncoder().encodeToString(new byte[32]), "00".repeat(32), "ff".repeat(32),
            Base64.getEncoder().encodeToString(new byte[48]), "zz" + HexFormat.of().formatHex(BYTES).substring(2),
            "\u0663".repeat(64)};
        for (String text : bad) {
            assertThatThrownBy(() -> MasterKey.parse(text)).as("'%s'", text)
                    .isInstanceOf(MalformedKeyException.class)
                    .hasMessageContaining("openssl rand -base64 32");
        }
        assertThatThrownBy(() -> MasterKey.of(new byte[16])).isInstanceOf(MalformedKeyException.class)
                .hasMessageContaining("exactly 32 bytes, but 16");
    }

    @Test
    void theKeyIdIsTheFirstEightBytesOfHmacSha256OverTheLabel() throws Exception {
        assertThat(MasterKey.of(BYTES).id().toBytes()).isEqualTo(ReferenceDbk1.keyId(BYTES));
        assertThat(MasterKey.of(BYTES).id()).isNotEqualTo(MasterKey.generate(new SecureRandom()).id());
    }

    @Test
    void equalityIsByKeyBytesAndToStringShowsOnlyTheId() {
        MasterKey a = MasterKey.of(BYTES);
        MasterKey b = MasterKey.of(BYTES.clone());
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(MasterKey.generate(new SecureRandom()));
        assertThat(a.toString()).isEqualTo("MasterKey[id=" + a.id() + "]");
    }

    @Test
    void theKeyIsCopiedInAndOut() {
        byte[] input = BYTES.clone();
        MasterKey k = MasterKey.of(input);
        input[0] ^= 1;
        byte[] out = k.copyKeyMaterialForDerivation();
        assertThat(out).isEqualTo(BYTES);
        out[0] ^= 1;
        assertThat(k.copyKeyMaterialForDerivation()).isEqualTo(BYTES);
    }
}
