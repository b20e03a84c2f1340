package com.daaisuite.backup.web.servlet;

import com.daaisuite.backup.web.BackupsWeb;
import com.daaisuite.backup.web.WebRequest;
import com.daaisuite.backup.web.WebResponse;
import com.daaisuite.backup.web.internal.HttpParts;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Objects;

/**
 * Mounts {@link BackupsWeb} in a Jakarta Servlet 6 container. Map it with a wildcard so that the
 * screen sees its own paths:
 *
 * <pre>{@code
 * ServletRegistration.Dynamic r = servletContext.addServlet("backups", new BackupsServlet(web));
 * r.addMapping("/backups/*");
 * }</pre>
 *
 * <p>The host's {@link com.daaisuite.backup.web.HostIdentity} receives the {@link HttpServletRequest} as
 * the native request, to read its session or {@code getUserPrincipal()}. The servlet API is a
 * {@code provided} dependency: the container supplies it.
 */
public final class BackupsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** Not serializable state: containers that serialize servlets are not supported. */
    private final transient BackupsWeb web;

    /** @param web the screen */
    public BackupsServlet(BackupsWeb web) {
        this.web = Objects.requireNonNull(web, "web");
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String rest = req.getPathInfo();
        if (rest == null || rest.isEmpty()) {
            // The page loads its API with relative URLs, which need the trailing slash.
            resp.setStatus(308);
            BackupsWeb.standardHeaders(null).forEach(resp::setHeader);
            resp.setHeader("Location", req.getRequestURI() + "/");
            return;
        }
        WebRequest.Builder b = WebRequest.builder(req.getMethod(), rest).nativeRequest(req)
                .localAddress(localAddress(req));
        HttpParts.query(req.getQueryString()).forEach(b::query);
        for (String name : Collections.list(req.getHeaderNames())) {
            String v = req.getHeader(name);
            if (v != null) {
                b.header(name, v);
            }
        }
        b.body(HttpParts.body(req.getInputStream()));
        WebResponse r = web.handle(b.build());
        resp.setStatus(r.status());
        r.headers().forEach(resp::setHeader);
        byte[] body = r.body();
        if (req.getMethod().equals("HEAD")) {
            return;
        }
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }

    /** The server-side address of the connection, as an IP literal (never looked up in DNS). */
    private static java.net.InetSocketAddress localAddress(HttpServletRequest req) {
        String ip = req.getLocalAddr();
        if (ip == null || ip.isBlank()) {
            return null;
        }
        try {
            String literal = ip.startsWith("[") ? ip.substring(1, ip.length() - 1) : ip;
            // An IP literal is parsed, not resolved.
            return new java.net.InetSocketAddress(java.net.InetAddress.getByName(literal), req.getLocalPort());
        } catch (java.net.UnknownHostException e) {
            return null;
        }
    }
}
