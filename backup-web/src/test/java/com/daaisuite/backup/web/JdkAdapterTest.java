package com.daaisuite.backup.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The JDK HttpServer adapter, over real HTTP. */
class JdkAdapterTest extends AdapterContract {
    static WebFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = WebFixture.start();
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    @Override
    String mount() {
        return f.url().substring(0, f.url().length() - 1);
    }

    @Override
    WebFixture fixture() {
        return f;
    }

    @Test
    void a_path_that_only_starts_like_the_mount_point_is_not_served() throws Exception {
        HttpResponse<String> r = send(get("X/", null));
        assertThat(r.statusCode()).isEqualTo(404);
    }

    /**
     * What the JDK adapter cannot do, pinned down: the JDK's HttpServer parses the request target
     * with {@code new URI(..)} before it looks for a context, and on a {@code URISyntaxException} (a
     * backslash in the query) writes its own {@code text/html} 400 straight to the socket. No filter
     * or handler runs and the server offers no setting for that page, so it carries none of the
     * screen's security headers (docs/web.md, "Headers"; the servlet adapter answers it itself).
     */
    @Test
    void a_backslash_in_the_query_is_answered_by_the_jdk_itself_before_any_handler_runs() throws Exception {
        String r = raw(mountPath() + "/api/session?a\\b");
        String head = r.substring(0, r.indexOf("\r\n\r\n"));
        assertThat(head).startsWith("HTTP/1.1 400 ").contains("Content-Type: text/html")
                .doesNotContain("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options");
        assertThat(r).contains("URISyntaxException");
    }
}
