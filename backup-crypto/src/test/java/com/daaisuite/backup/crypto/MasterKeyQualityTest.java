package com.daaisuite.backup.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Master keys that are plainly not random are refused; random ones are not. */
class MasterKeyQualityTest {
    record Weak(String what, byte[] key, String reason) {}

    private static byte[] random(long seed) {
        byte[] k = new byte[32];
        new Random(seed).nextBytes(k);
        return k;
    }

    /** A random key that passes on its own (seed chosen so), then damaged by the table below. */
    private static byte[] base() {
        byte[] k = random(20261202);
        assertThat(MasterKey.of(k)).isNotNull();
        return k;
    }

    static List<Weak> weakKeys() {
        byte[] twoValues = new byte[32];
        for (int i = 0; i < 32; i++) {
            twoValues[i] = (byte) (i % 2 == 0 ? 0x5a : 0xa5);
        }
        byte[] sixteenTwice = new byte[32];
        byte[] half = random(3);
        half[0] = (byte) 0x80; // not printable, so the distinct-value rule is what refuses it
        System.arraycopy(half, 0, sixteenTwice, 0, 16);
        System.arraycopy(half, 0, sixteenTwice, 16, 16);
        byte[] blockRepeated = base();
        System.arraycopy(blockRepeated, 2, blockRepeated, 20, 6);
        byte[] shifted = base();
        for (int i = 0; i + 3 < 32; i += 4) {
            shifted[i + 3] = shifted[i];
        }
        byte[] passphrase = "Correct-Horse-Battery-Staple-42!".getBytes(StandardCharsets.US_ASCII);
        byte[] keyText = Base64.getEncoder().encodeToString(random(9)).substring(0, 32)
                .getBytes(StandardCharsets.US_ASCII);
        byte[] hexText = HexFormat.of().formatHex(random(11)).substring(0, 32).getBytes(StandardCharsets.US_ASCII);
        byte[] fewValues = new byte[32];
        Random r = new Random(5);
        for (int i = 0; i < 32; i++) {
            fewValues[i] = (byte) (0x80 + r.nextInt(12));
        }
        return List.of(
                new Weak("all zero", new byte[32], "copies of one byte value"),
                new Weak("all 0xff", filled(0xff), "copies of one byte value"),
                new Weak("two alternating values", twoValues, "only 2 distinct byte values"),
                new Weak("16 random bytes written twice", sixteenTwice, "distinct byte values"),
                new Weak("bytes drawn from 12 values", fewValues, "distinct byte values"),
                new Weak("a passphrase", passphrase, "printable text"),
                new Weak("base64 text not decoded", keyText, "printable text"),
                new Weak("hex text not decoded", hexText, "distinct byte values"),
                new Weak("a 6-byte block copied", blockRepeated, "repeats a block of 6 bytes (at offsets 2 and 20)"),
                new Weak("every 4th byte copied 3 on", shifted, "repeats itself: shifted by 3 bytes"));
    }

    @Test
    void everyWeakKeyIsRefusedWithItsReasonAndHowToMakeAGoodOneButNeverItsBytes() {
        for (Weak w : weakKeys()) {
            String hex = HexFormat.of().formatHex(w.key());
            String b64 = Base64.getEncoder().encodeToString(w.key());
            assertThatThrownBy(() -> MasterKey.of(w.key())).as(w.what())
                    .isInstanceOf(MalformedKeyException.class)
                    .hasMessageContaining("The master key is not random")
                    .hasMessageContaining(w.reason())
                    .hasMessageContaining("generate one with: openssl rand -base64 32")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(hex).doesNotContain(b64)
                            .doesNotContain(hex.substring(0, 12)));
            assertThatThrownBy(() -> MasterKey.parse(b64)).as(w.what() + " as base64")
                    .isInstanceOf(MalformedKeyException.class).hasMessageContaining(w.reason());
        }
    }

    @Test
    void tenThousandSeededRandomKeysAreAllAccepted() {
        Random seeds = new Random(15);
        byte[] k = new byte[32];
        for (int i = 0; i < 10_000; i++) {
            long seed = seeds.nextLong();
            new Random(seed).nextBytes(k);
            assertThat(MasterKey.weakness(k)).as("seed %d", seed).isNull();
            assertThat(MasterKey.of(k).copyKeyMaterialForDerivation()).isEqualTo(k);
        }
    }

    @Test
    void generatedKeysAlwaysPass() {
        for (int i = 0; i < 1000; i++) {
            assertThat(MasterKey.weakness(MasterKey.generate(new java.security.SecureRandom())
                    .copyKeyMaterialForDerivation())).isNull();
        }
    }

    @Test
    void aCountingSequenceIsAcceptedBecauseTheFrozenVectorsUseOne() {
        byte[] counting = new byte[32];
        for (int i = 0; i < 32; i++) {
            counting[i] = (byte) i;
        }
        assertThat(MasterKey.of(counting).copyKeyMaterialForDerivation()).isEqualTo(counting);
    }

    private static byte[] filled(int v) {
        byte[] b = new byte[32];
        Arrays.fill(b, (byte) v);
        return b;
    }
}
