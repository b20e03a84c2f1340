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

    /** The longest a client may take to send one request, headers and body: {@value} seconds. */
    public static final int DEFAULT_READ_TIMEOUT_SECONDS = 10;

    /**
     * A JDK HTTP server that a few slow clients cannot freeze: every request must arrive, headers and
     * body, within {@value #DEFAULT_READ_TIMEOUT_SECONDS} seconds or its connection is closed (the JDK's
     * {@code sun.net.httpserver.maxReqTime}, set here unless the JVM was started with it), and requests
     * wait in a bounded queue for one of {@code threads} handler threads; past that, new connections are
     * closed at once instead of piling up. Mount the screen on it with {@link #mount}, then start it.
     *
     * <p>The JDK reads {@code sun.net.httpserver.maxReqTime} once, when the first server of the JVM is
     * created: call this before any other {@code HttpServer.create}, or start the JVM with
     * {@code -Dsun.net.httpserver.maxReqTime=10}.
     *
     * @param address where to listen (bind to 127.0.0.1 unless the host has a login in front)
     * @param threads handler threads, 1..256
     * @param queue requests that may wait for a thread, 1..10,000
     * @return the server, not started
     * @throws IOException if the address cannot be bound
     */
    public static HttpServer createServer(java.net.InetSocketAddress address, int threads, int queue) throws IOException {
        return createServer(address, threads, queue, java.time.Duration.ofSeconds(DEFAULT_READ_TIMEOUT_SECONDS));
    }

    /**
     * As {@link #createServer(java.net.InetSocketAddress, int, int)}, with another read deadline.
     *
     * @param address where to listen
     * @param threads handler threads, 1..256
     * @param queue requests that may wait for a thread, 1..10,000
     * @param readTimeout the longest a client may take to send one request, 1 second or more (whole seconds)
     * @return the server, not started
     * @throws IOException if the address cannot be bound
     */
    public static HttpServer createServer(java.net.InetSocketAddress address, int threads, int queue, java.time.Duration readTimeout)
            throws IOException {
        if (threads < 1 || threads > 256 || queue < 1 || queue > 10_000) {
            throw new IllegalArgumentException("threads must be 1..256 and queue 1..10000, got " + threads + " and " + queue);
        }
        if (readTimeout.toSeconds() < 1) {
            throw new IllegalArgumentException("readTimeout must be at least 1 second, got " + readTimeout);
        }
        if (System.getProperty(MAX_REQ_TIME) == null) {
            System.setProperty(MAX_REQ_TIME, String.valueOf(readTimeout.toSeconds()));
        }
        // The JDK checks the deadline on a timer (every second by default). A request waiting in the queue
        // counts against its own deadline too, so a finer check frees stuck threads before it expires.
        if (System.getProperty(TIMER_MILLIS) == null) {
            System.setProperty(TIMER_MILLIS, "250");
        }
        HttpServer server = HttpServer.create(address, 0);
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ThreadPoolExecutor pool = new java.util.concurrent.ThreadPoolExecutor(threads, threads, 30,
                java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.ArrayBlockingQueue<>(queue), r -> {
                    Thread t = new Thread(r, "daai-backup-web-http-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        server.setExecutor(pool);
        return server;
    }

    static final String MAX_REQ_TIME = "sun.net.httpserver.maxReqTime";
    static final String TIMER_MILLIS = "sun.net.httpserver.timerMillis";

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String context = exchange.getHttpContext().getPath();
            String full = exchange.getRequestURI().getPath();
            String rest = full.length() >= context.length() ? full.substring(context.length()) : "";
            if (!context.endsWith("/") && !rest.isEmpty() && !rest.startsWith("/")) {
                // "/backupsX" also matches the context "/backups": it is not ours.
                send(exchange, 404, BackupsWeb.standardHeaders("text/plain; charset=utf-8"),
                        "Not found".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                return;
            }
            if (rest.isEmpty() && !context.endsWith("/")) {
                // The page loads its API with relative URLs, which need the trailing slash.
                Map<String, String> h = BackupsWeb.standardHeaders(null);
                h.put("Location", context + "/");
                send(exchange, 308, h, new byte[0]);
                return;
            }
            WebRequest.Builder b = WebRequest.builder(exchange.getRequestMethod(), context.endsWith("/") ? "/" + rest : rest)
                    .nativeRequest(exchange).localAddress(exchange.getLocalAddress());
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
        boolean head = exchange.getRequestMethod().equalsIgnoreCase("HEAD");
        exchange.sendResponseHeaders(status, body.length == 0 || head ? -1 : body.length);
        if (body.length > 0 && !head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
