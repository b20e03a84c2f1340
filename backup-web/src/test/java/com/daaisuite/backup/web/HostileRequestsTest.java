package com.daaisuite.backup.web;

import static com.daaisuite.backup.web.Http.as;
import static com.daaisuite.backup.web.Http.field;
import static com.daaisuite.backup.web.Http.get;
import static com.daaisuite.backup.web.Http.post;
import static com.daaisuite.backup.web.WebFixture.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a hostile page or client tries, over real HTTP where the adapter matters and through the core
 * where both adapters share the rule: DNS rebinding (a foreign Host), a cross-site Origin, a crafted
 * content type, HEAD, and two Backup Nows at once.
 */
class HostileRequestsTest {
    static WebFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = WebFixture.start();
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    int port() {
        return f.http.getAddress().getPort();
    }

    /** One raw HTTP/1.1 exchange: the JDK's HttpClient refuses to send a Host header of our choosing. */
    String raw(String request) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port()), 5_000);
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            return all.toString(StandardCharsets.UTF_8);
        }
    }

    String cookie() {
        return "Cookie: " + WebFixture.COOKIE + "=" + WebFixture.sessionOf(ADMIN) + "\r\n";
    }

    @Test
    void a_rebound_host_name_gets_neither_the_token_nor_a_restore() throws Exception {
        String session = raw("GET /backups/api/session HTTP/1.1\r\nHost: attacker.example:" + port() + "\r\n" + cookie()
                + "Connection: close\r\n\r\n");
        assertThat(session).startsWith("HTTP/1.1 421").contains("host_not_allowed").doesNotContain("csrfToken", "Acme Traders");

        String body = "{\"file\":\"" + f.seeded.get(4) + "\",\"typedName\":\"Acme Traders\"}";
        String restore = raw("POST /backups/api/restores HTTP/1.1\r\nHost: attacker.example:" + port() + "\r\n" + cookie()
                + "Origin: http://attacker.example:" + port() + "\r\nX-CSRF-Token: " + f.csrfFor(ADMIN) + "\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length
                + "\r\nConnection: close\r\n\r\n" + body);
        assertThat(restore).startsWith("HTTP/1.1 421").doesNotContain("jobId");

        // The address the server listens on, and localhost on a loopback connection, are the screen's own.
        for (String host : new String[] {"127.0.0.1:" + port(), "localhost:" + port(), "LOCALHOST."}) {
            assertThat(raw("GET /backups/api/session HTTP/1.1\r\nHost: " + host + "\r\n" + cookie() + "Connection: close\r\n\r\n"))
                    .as(host).startsWith("HTTP/1.1 200").contains("csrfToken");
        }
    }

    @Test
    void a_state_change_from_another_origin_is_refused_and_starts_nothing() throws Exception {
        String token = f.csrfFor(ADMIN);
        InetSocketAddress local = new InetSocketAddress("127.0.0.1", 8080);
        for (String origin : new String[] {"http://attacker.example:8080", "null", "http://127.0.0.1:9999", "file://"}) {
            WebResponse r = f.web.handle(post("/api/backups", ADMIN, token, Map.of("note", "x")).header("Host", "127.0.0.1:8080")
                    .header("Origin", origin).localAddress(local).build());
            assertThat(r.status()).as(origin).isEqualTo(403);
            assertThat(r.bodyText()).contains("origin_not_allowed").doesNotContain("jobId");
        }
        WebResponse same = f.web.handle(post("/api/backups", ADMIN, token, Map.of("note", "same origin"))
                .header("Host", "127.0.0.1:8080").header("Origin", "http://127.0.0.1:8080").localAddress(local).build());
        assertThat(same.status()).isEqualTo(202);
        assertThat(Http.awaitJob(f.web, ADMIN, field(same.bodyText(), "jobId"), Duration.ofSeconds(60))).contains("succeeded");
    }

    @Test
    void names_the_host_configures_are_allowed_and_nothing_else() throws Exception {
        try (BackupsWeb web = BackupsWeb.builder().backups(f.backups).tenants(f.tenants).identity(WebFixture::identify)
                .csrfSecret(f.csrfSecret).allowedHosts("backups.example.com").build()) {
            InetSocketAddress local = new InetSocketAddress("10.0.0.5", 443);
            assertThat(web.handle(as(get("/api/session"), ADMIN).header("Host", "backups.example.com").localAddress(local).build())
                    .status()).isEqualTo(200);
            assertThat(web.handle(as(get("/api/session"), ADMIN).header("Host", "10.0.0.5").localAddress(local).build())
                    .status()).isEqualTo(200);
            assertThat(web.handle(as(get("/api/session"), ADMIN).header("Host", "localhost").localAddress(local).build())
                    .status()).as("localhost is only the screen's own on a loopback connection").isEqualTo(421);
            assertThat(web.handle(get("/").header("Host", "evil.example.com").localAddress(local).build()).status())
                    .isEqualTo(421);
        }
    }

    @Test
    void a_content_type_that_only_starts_like_json_is_refused() {
        String token = f.csrfFor(ADMIN);
        for (String type : new String[] {"application/json-evil", "application/jsonp", "application/json; charset=latin1", "text/plain"}) {
            WebRequest.Builder b = as(WebRequest.builder("POST", "/api/backups"), ADMIN).header("X-CSRF-Token", token)
                    .header("Content-Type", type).body("{\"note\":\"x\"}".getBytes(StandardCharsets.UTF_8));
            assertThat(f.web.handle(b.build()).status()).as(type).isEqualTo(415);
        }
        assertThat(BackupsWeb.isJson("Application/JSON; charset=\"UTF-8\"")).isTrue();
    }

    @Test
    void head_answers_like_get_without_a_body_and_every_answer_has_the_security_headers() throws Exception {
        String head = raw("HEAD /backups/ HTTP/1.1\r\nHost: 127.0.0.1:" + port() + "\r\nConnection: close\r\n\r\n");
        assertThat(head).startsWith("HTTP/1.1 200").containsIgnoringCase("Content-Security-Policy")
                .containsIgnoringCase("Content-Type: text/html").doesNotContain("<html");
        String redirect = raw("GET /backups HTTP/1.1\r\nHost: 127.0.0.1:" + port() + "\r\nConnection: close\r\n\r\n");
        assertThat(redirect).startsWith("HTTP/1.1 308").containsIgnoringCase("Content-Security-Policy")
                .containsIgnoringCase("X-Content-Type-Options: nosniff").containsIgnoringCase("X-Frame-Options: DENY");
        String outside = raw("GET /backupsX HTTP/1.1\r\nHost: 127.0.0.1:" + port() + "\r\nConnection: close\r\n\r\n");
        assertThat(outside).startsWith("HTTP/1.1 404").containsIgnoringCase("X-Content-Type-Options: nosniff");
    }

    @Test
    void a_second_backup_now_while_one_runs_is_told_it_joined_and_what_became_of_its_note() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        f.holdBackups.set(release);
        String first;
        String second;
        try {
            first = field(f.web.handle(post("/api/backups", ADMIN, f.csrfFor(ADMIN), Map.of("note", "first note")).build())
                    .bodyText(), "jobId");
            second = field(f.web.handle(post("/api/backups", WebFixture.OPERATOR, f.csrfFor(WebFixture.OPERATOR),
                    Map.of("note", "second note")).build()).bodyText(), "jobId");
        } finally {
            f.holdBackups.set(null);
            release.countDown();
        }
        String mine = Http.awaitJob(f.web, WebFixture.OPERATOR, second, Duration.ofSeconds(60));
        assertThat(mine).contains("\"joined\":true", "\"startedBy\":\"Asha Admin\"", "\"yourNote\":\"second note\"",
                "A backup started by Asha Admin a moment ago is already running", "Your note was not saved with it",
                "\"note\":\"first note\"");
        assertThat(Http.awaitJob(f.web, ADMIN, first, Duration.ofSeconds(60))).contains("\"joined\":false");
    }
}
