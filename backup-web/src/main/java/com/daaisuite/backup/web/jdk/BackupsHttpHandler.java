package com.daaisuite.backup.web.jdk;

import com.daaisuite.backup.web.BackupsWeb;
import com.daaisuite.backup.web.WebRequest;
import com.daaisuite.backup.web.WebResponse;
import com.daaisuite.backup.web.internal.HttpParts;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Mounts {@link BackupsWeb} on the JDK's built-in {@link HttpServer} (module {@code jdk.httpserver}),
 * for the demo and for small hosts without a servlet container:
 *
 * <pre>{@code
 * HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 8080), 0);
 * BackupsHttpHandler.mount(server, "/backups", web);
 * server.start();   // the screen is at http://127.0.0.1:8080/backups/
 * }</pre>
 *
 * <p>The host's {@link com.daaisuite.backup.web.HostIdentity} receives the {@link HttpExchange} as the
 * native request, to read its cookies or authenticated principal.
 */
public final class BackupsHttpHandler implements HttpHandler {
    private final BackupsWeb web;

    /** @param web the screen */
    public BackupsHttpHandler(BackupsWeb web) {
        this.web = Objects.requireNonNull(web, "web");
    }

    /**
     * Creates the context {@code path} on {@code server} with this handler.
     *
     * @param server the server
     * @param path the mount point, such as {@code /backups} (no trailing slash)
     * @param web the screen
     * @return the context, for the host to add filters or an authenticator
     */
    public static HttpContext mount(HttpServer server, String path, BackupsWeb web) {
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/") || (path.length() > 1 && path.endsWith("/"))) {
            throw new IllegalArgumentException("Mount path must start with '/' and not end with one, such as /backups; got '" + path + "'");
        }
        return server.createContext(path, new BackupsHttpHandler(web));
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String context = exchange.getHttpContext().getPath();
            String full = exchange.getRequestURI().getPath();
            String rest = full.length() >= context.length() ? full.substring(context.length()) : "";
            if (!context.endsWith("/") && !rest.isEmpty() && !rest.startsWith("/")) {
                // "/backupsX" also matches the context "/backups": it is not ours.
                send(exchange, 404, Map.of("Content-Type", "text/plain; charset=utf-8"), "Not found".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                return;
            }
            if (rest.isEmpty() && !context.endsWith("/")) {
                // The page loads its API with relative URLs, which need the trailing slash.
                exchange.getResponseHeaders().set("Location", context + "/");
                exchange.sendResponseHeaders(308, -1);
                return;
            }
            WebRequest.Builder b = WebRequest.builder(exchange.getRequestMethod(), context.endsWith("/") ? "/" + rest : rest)
                    .nativeRequest(exchange);
            HttpParts.query(exchange.getRequestURI().getRawQuery()).forEach(b::query);
            for (Map.Entry<String, List<String>> h : exchange.getRequestHeaders().entrySet()) {
                if (!h.getValue().isEmpty()) {
                    b.header(h.getKey(), h.getValue().get(0));
                }
            }
            b.body(HttpParts.body(exchange.getRequestBody()));
            WebResponse r = web.handle(b.build());
            send(exchange, r.status(), r.headers(), r.body());
        }
    }

    private static void send(HttpExchange exchange, int status, Map<String, String> headers, byte[] body) throws IOException {
        headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
