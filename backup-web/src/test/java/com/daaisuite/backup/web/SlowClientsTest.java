package com.daaisuite.backup.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Slow clients cannot freeze the JDK adapter's server: with all four handler threads taken by clients
 * that promise a body and never send it, a normal request is answered once their 2-second read
 * deadline closes them, not after they give up. Runs {@link SlowClientsProbe} in a fresh JVM.
 */
class SlowClientsTest {

    @Test
    void four_clients_that_never_send_their_body_delay_a_normal_request_by_the_read_deadline_only() throws Exception {
        String javaBin = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Path log = Files.createTempFile("slow-clients-", ".log");
        Process p = new ProcessBuilder(List.of(javaBin, "-cp", System.getProperty("java.class.path"), SlowClientsProbe.class.getName(), "4"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished;
        try {
            finished = p.waitFor(150, TimeUnit.SECONDS);
        } finally {
            p.destroyForcibly();
        }
        assertThat(finished).as("the probe finished; it wrote:%n%s", Files.readString(log, StandardCharsets.UTF_8)).isTrue();
        String out = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        Matcher m = Pattern.compile("answered (\\d+) after (\\d+) ms").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        assertThat(m.group(1)).isEqualTo("200");
        assertThat(Long.parseLong(m.group(2))).as("ms until the normal request was answered").isLessThan(8_000);
    }

}
