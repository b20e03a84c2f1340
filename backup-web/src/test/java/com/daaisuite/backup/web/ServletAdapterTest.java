package com.daaisuite.backup.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.daaisuite.backup.web.servlet.BackupsServlet;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Jakarta Servlet 6 adapter in a real container (embedded Jetty 12, ee11). The host identity here
 * reads the session cookie through the servlet API, as a servlet host would.
 */
class ServletAdapterTest extends AdapterContract {
    static WebFixture f;
    static BackupsWeb web;
    static Server jetty;

    @BeforeAll
    static void start() throws Exception {
        f = WebFixture.start();
        web = BackupsWeb.builder().backups(f.backups).tenants(tenants()).identity(ServletAdapterTest::identify)
                .csrfSecret(f.csrfSecret).restoreProgress(f.progress).build();
        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/app");
        context.addServlet(new ServletHolder(new BackupsServlet(web)), "/backups/*");
        jetty.setHandler(context);
        jetty.start();
    }

    static com.daaisuite.backup.core.spi.TenantDirectory tenants() {
        return com.daaisuite.backup.core.spi.TenantDirectory.of(java.util.List.of(f.tenant.get()));
    }

    /** The servlet host's identity: its session cookie, read through the servlet API. */
    static Optional<WebUser> identify(WebRequest request) {
        return request.nativeRequest(HttpServletRequest.class).flatMap(req -> {
            Cookie[] cookies = req.getCookies();
            if (cookies == null) {
                return Optional.empty();
            }
            for (Cookie c : cookies) {
                if (c.getName().equals(WebFixture.COOKIE)) {
                    return Optional.ofNullable(WebFixture.SESSIONS.get(c.getValue()))
                            .map(a -> new WebUser(a, WebFixture.TENANT, WebFixture.PERMISSIONS.get(a), c.getValue()));
                }
            }
            return Optional.empty();
        });
    }

    @AfterAll
    static void stop() throws Exception {
        jetty.stop();
        web.close();
        f.close();
    }

    @Override
    String mount() {
        return "http://127.0.0.1:" + ((ServerConnector) jetty.getConnectors()[0]).getLocalPort() + "/app/backups";
    }

    @Override
    WebFixture fixture() {
        return f;
    }

    /**
     * Jetty accepts a backslash in the query and hands the request to the servlet: the screen answers
     * it like any other, with its security headers (docs/web.md, "Headers"). The JDK adapter cannot:
     * see {@link JdkAdapterTest}.
     */
    @Test
    void a_backslash_in_the_query_reaches_the_screen_and_gets_its_security_headers() throws Exception {
        String r = raw(mountPath() + "/api/session?a\\b");
        assertThat(r).startsWith("HTTP/1.1 401 ").contains("Content-Type: application/json", "Content-Security-Policy: ",
                "X-Frame-Options: DENY", "X-Content-Type-Options: nosniff", "\"code\":\"not_signed_in\"");
    }
}
