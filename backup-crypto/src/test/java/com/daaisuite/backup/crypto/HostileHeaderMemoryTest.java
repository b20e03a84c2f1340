package com.daaisuite.backup.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A header alone cannot make the reader allocate: 64 archives whose headers claim 16 MiB segments
 * (which used to cost 32 MiB each before anything was authenticated) are opened and read at once
 * in a child JVM with a 32 MiB heap, and each open-and-read allocates only a small fixed bound.
 */
class HostileHeaderMemoryTest {
    /** The reader's initial ciphertext buffer plus cipher objects and the 4 KiB that did arrive. */
    private static final long BOUND = 256 << 10;

    @Test
    void sixtyFourHostileHeadersOpenAndFailInA32MibHeapAllocatingASmallFixedAmountEach() throws Exception {
        List<String> cmd = List.of(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                "-Xmx32m", "-XX:+UseSerialGC", "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                HostileHeaderChild.class.getName(), "64", "4096");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        boolean ended = p.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(ended).as("the child ended within 60 s; output:%n%s", out).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        Matcher m = Pattern.compile("OK streams=64 mostAllocatedByOneOpenAndRead=(\\d+)").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        assertThat(Long.parseLong(m.group(1))).as(out).isLessThan(BOUND);
    }

    @Test
    void theSegmentSizeCeilingIsEnforcedFromTheHeaderWithAClearError() throws IOException {
        byte[] archive = Fixtures.encrypt(new byte[10], Dbk1Options.MIN_SEGMENT_SIZE);
        // segment size lives at bytes 6..9: claim 16 MiB + 1
        int claimed = Dbk1Options.MAX_SEGMENT_SIZE + 1;
        archive[6] = (byte) (claimed >>> 24);
        archive[7] = (byte) (claimed >>> 16);
        archive[8] = (byte) (claimed >>> 8);
        archive[9] = (byte) claimed;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Dbk1.decrypt(new java.io.ByteArrayInputStream(archive),
                KeyProviders.of(Fixtures.KEY), Fixtures.TENANT))
                .isInstanceOf(ArchiveTamperedException.class)
                .hasMessageContaining("segment size 16777217 is outside 4096..16777216 bytes");
    }
}
