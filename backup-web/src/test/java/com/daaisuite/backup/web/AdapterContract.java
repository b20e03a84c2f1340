package com.daaisuite.backup.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.daaisuite.backup.core.Actor;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What every adapter must do over real HTTP: redirect the bare mount point, serve the page, hand the
 * cookie, headers, query and body to the core unchanged, and copy status, headers and body back.
 * Each adapter's test extends this once.
 */
abstract class AdapterContract {
    static final HttpClient CLIENT = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();

    /** @return the base URL of the mount point, without the trailing slash, e.g. http://127.0.0.1:1234/backups */
    abstract String mount();

    abstract WebFixture fixture();

    static HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
        return CLIENT.send(b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpRequest.Builder get(String path, Actor actor) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(mount() + path));
        return actor == null ? b : b.header("Cookie", WebFixture.COOKIE + "=" + WebFixture.sessionOf(actor));
    }

    HttpRequest.Builder post(String path, Actor actor, String csrf, String json) {
        return get(path, actor).header("Content-Type", "application/json").header("X-CSRF-Token", csrf)
                .POST(HttpRequest.BodyPublishers.ofString(json));
    }

    /**
     * One raw HTTP/1.1 exchange, for requests no HTTP client sends (a backslash in the query).
     *
     * @param target the request target, from the server's root
     * @return the whole response, headers and body
     */
    String raw(String target) throws IOException {
        URI base = URI.create(mount());
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress(base.getHost(), base.getPort()), 5_000);
            s.setSoTimeout(30_000);
            s.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** @return the mount point's path from the server's root, e.g. /backups or /app/backups */
    String mountPath() {
        return URI.create(mount()).getPath();
    }

    String csrf(Actor actor) throws Exception {
        return Http.field(send(get("/api/session", actor)).body(), "csrfToken");
    }

    String awaitJob(String id, Duration deadline) throws Exception {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            String body = send(get("/api/jobs/" + id, WebFixture.ADMIN)).body();
            if (body.contains("\"state\":\"succeeded\"") || body.contains("\"state\":\"failed\"")) {
                return body;
            }
            assertThat(System.nanoTime()).as("job %s finished within %s: %s", id, deadline, body).isLessThan(end);
            Thread.sleep(50);
        }
    }

    @Test
    void the_bare_mount_point_redirects_to_the_page_with_a_trailing_slash() throws Exception {
        HttpResponse<String> r = send(get("", null));
        assertThat(r.statusCode()).isEqualTo(308);
        assertThat(r.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/backups/"));
    }

    @Test
    void the_page_is_served_with_its_security_headers() throws Exception {
        HttpResponse<String> r = send(get("/", null));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(r.headers().firstValue("Content-Security-Policy")).isPresent();
        assertThat(r.body()).contains("Database Backups");
        assertThat(send(get("/app.js", null)).statusCode()).isEqualTo(200);
    }

    @Test
    void cookies_queries_and_errors_pass_through_unchanged() throws Exception {
        assertThat(send(get("/api/snapshots", null)).statusCode()).isEqualTo(401);
        HttpResponse<String> list = send(get("/api/snapshots", WebFixture.VIEWER));
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.headers().firstValue("Cache-Control")).hasValue("no-store");
        String file = fixture().seeded.get(1);
        HttpResponse<String> preview = send(get("/api/restore-preview?file=" + URLEncoder.encode(file, StandardCharsets.UTF_8),
                WebFixture.ADMIN));
        assertThat(preview.statusCode()).isEqualTo(200);
        assertThat(preview.body()).contains("\"file\":\"" + file + "\"");
        HttpResponse<String> missing = send(get("/nothing-here", null));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("\"code\":\"not_found\"");
    }

    @Test
    void a_post_with_the_token_starts_a_job_and_without_it_is_refused() throws Exception {
        HttpResponse<String> forged = send(post("/api/backups", WebFixture.ADMIN, "forged", "{\"note\":\"x\"}"));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("csrf_invalid");
        HttpResponse<String> started = send(post("/api/backups", WebFixture.ADMIN, csrf(WebFixture.ADMIN), "{\"note\":\"über HTTP\"}"));
        assertThat(started.statusCode()).isEqualTo(202);
        String job = awaitJob(Http.field(started.body(), "jobId"), Duration.ofSeconds(60));
        assertThat(job).contains("\"state\":\"succeeded\"", "\"note\":\"über HTTP\"");
    }

    @Test
    void an_oversized_body_is_refused_without_being_read_whole() throws Exception {
        String big = "{\"note\":\"" + "x".repeat(100_000) + "\"}";
        HttpResponse<String> r = send(post("/api/backups", WebFixture.ADMIN, csrf(WebFixture.ADMIN), big));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("larger than");
    }
}
