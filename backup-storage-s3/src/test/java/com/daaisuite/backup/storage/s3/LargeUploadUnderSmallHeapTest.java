package com.daaisuite.backup.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A 200 MB upload streamed from a generator, and its download, in a child JVM limited to 64 MB of heap
 * (the server runs in this JVM). Prints the measured throughput; asserts only correctness and that the
 * child did not run out of memory.
 *
 * <p>Run: {@code mvn -B -o verify -Pthorough -Dtest=LargeUploadUnderSmallHeapTest} in backup-storage-s3.
 */
@Tag("thorough")
class LargeUploadUnderSmallHeapTest {

    private static final long SIZE = 200L * 1000 * 1000;

    private static S3TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = S3TestServer.start();
        try (S3Client client = server.client()) {
            S3TestServer.createBucket(client, "large");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void twoHundredMegabytesStreamThroughA64MegabyteHeapAndReadBackIdentically() throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process child = new ProcessBuilder(List.of(java, "-Xmx" + System.getProperty("daai.childHeap", "64m"), "-cp", classpath, LargeUploadMain.class.getName(),
                server.endpoint().toString(), "large", Long.toString(SIZE)))
                .redirectErrorStream(true)
                .start();
        boolean finished = child.waitFor(10, TimeUnit.MINUTES);
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        System.out.println(output);

        assertThat(finished).as("child finished").isTrue();
        assertThat(output).doesNotContain("OutOfMemoryError").contains("MATCH=true", "MAX_HEAP_MIB=");
        assertThat(child.exitValue()).as(output).isZero();
    }
}
