package com.daaisuite.backup.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code serve} starts the screen on embedded defaults, prints its URL, and stops cleanly. */
class ServeTest {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void serve_prints_the_url_of_a_working_screen_with_the_sample_history(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new DaaiBackupCli(Map.of()));
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> cmd.execute("serve", "--port", "0", "--dir",
                dir.toString(), "--role", "operator", "--without-key", "--for", "8"));

        String url = awaitUrl(out, run);
        HttpResponse<String> page = get(url);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Database Backups");
        String session = get(url + "api/session").body();
        assertThat(session).contains("\"name\":\"Acme Traders\"", "\"create\":true", "\"restore\":false");
        String status = get(url + "api/status").body();
        assertThat(status).contains("\"configured\":false");
        // Seeded in the scheduler's nightly slots: the next run is the coming night, not "due now".
        assertThat(status).contains("\"nextRun\":\"").doesNotContain("due now");
        String list = get(url + "api/snapshots").body();
        assertThat(list.split("\"file\"")).hasSize(6);
        assertThat(list).contains("\"encrypted\":false", "\"label\":\"manual\"");
        // The note lives in the sealed manifest: without the key (--without-key) it cannot be read, and is not shown.
        assertThat(list).doesNotContain("before the price import");
        String token = session.replaceAll("(?s).*\"csrfToken\":\"([^\"]+)\".*", "$1");
        HttpResponse<String> restore = HTTP.send(HttpRequest.newBuilder(URI.create(url + "api/restores"))
                .header("Content-Type", "application/json").header("X-CSRF-Token", token)
                .POST(HttpRequest.BodyPublishers.ofString("{\"file\":\"x.gz.enc\",\"typedName\":\"Acme Traders\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(restore.statusCode()).isEqualTo(403);

        assertThat(run.get(60, TimeUnit.SECONDS)).isZero();
        assertThat(out.toString()).contains("Visitor    Demo Operator (role operator", "Key        none (--without-key)", "Stopped.");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void a_bad_port_is_a_usage_error() {
        CliHarness.Result r = CliHarness.run(Map.of(), "serve", "--port", "70000");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--port must be 0..65535");
    }

    @Test
    void binding_beyond_loopback_needs_an_explicit_flag_because_the_demo_has_no_login() {
        CliHarness.Result r = CliHarness.run(Map.of(), "serve", "--bind", "0.0.0.0", "--port", "0", "--for", "1");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("has no login", "--no-login-on-network");
    }

    @Test
    void the_printed_url_of_a_wildcard_bind_is_a_real_address_never_0_0_0_0() throws Exception {
        String host = ServeCommand.urlHost(java.net.InetAddress.getByName("0.0.0.0"));
        assertThat(host).isNotEqualTo("0.0.0.0").doesNotContain("0.0.0.0");
        assertThat(ServeCommand.urlHost(java.net.InetAddress.getByName("127.0.0.1"))).isEqualTo("127.0.0.1");
        assertThat(ServeCommand.urlHost(java.net.InetAddress.getByName("::1"))).isEqualTo("[0:0:0:0:0:0:0:1]");
    }

    static String awaitUrl(StringWriter out, CompletableFuture<Integer> run) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Pattern p = Pattern.compile("Open (http://\\S+/backups/)");
        while (System.nanoTime() < end) {
            Matcher m = p.matcher(out.toString());
            if (m.find()) {
                return m.group(1);
            }
            if (run.isDone()) {
                throw new AssertionError("serve exited with " + run.get() + " before printing its URL:\n" + out);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("serve printed no URL within 60 s:\n" + out);
    }
}
