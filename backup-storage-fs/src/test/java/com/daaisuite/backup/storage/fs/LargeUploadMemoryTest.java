package com.daaisuite.backup.storage.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 200 MB upload streamed from a generator, and its download, in a JVM whose heap is capped at
 * 64 MB: buffering the object anywhere would end in an {@link OutOfMemoryError}.
 */
@Tag("thorough")
class LargeUploadMemoryTest {

    @TempDir
    Path root;

    @Test
    void a200MbUploadAndDownloadRunInA64MbHeap() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-Xmx64m",
                "-cp", System.getProperty("java.class.path"),
                LargeUploadProbe.class.getName(), root.toString(), "200", "1")
                .redirectErrorStream(true).start();
        byte[] out = child.getInputStream().readAllBytes();
        assertThat(child.waitFor(5, TimeUnit.MINUTES)).isTrue();
        String output = new String(out, StandardCharsets.UTF_8);
        System.out.print(output);

        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).contains("200 MB verified").contains("verified").doesNotContain("OutOfMemoryError");
    }
}
