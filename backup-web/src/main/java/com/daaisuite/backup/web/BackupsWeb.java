package com.daaisuite.backup.web;

import com.daaisuite.backup.ConfigurationException;
import com.daaisuite.backup.core.Backups;
import com.daaisuite.backup.core.spi.QuotaPolicy;
import com.daaisuite.backup.core.spi.TenantDirectory;
import com.daaisuite.backup.web.internal.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The "Settings &gt; Database Backups" screen, framework-neutral: one {@link WebRequest} in, one {@link
 * WebResponse} out. Mount it with {@link com.daaisuite.backup.web.jdk.BackupsHttpHandler} (the JDK's
 * HTTP server), {@link com.daaisuite.backup.web.servlet.BackupsServlet} (Jakarta Servlet 6), or call
 * {@link #handle(WebRequest)} from any other framework.
 *
 * <p>It serves the page (HTML, CSS and plain JavaScript from this jar) and a small JSON API:
 *
 * <table>
 * <caption>Endpoints, relative to the mount point</caption>
 * <tr><th>Method and path</th><th>Does</th></tr>
 * <tr><td>{@code GET /}</td><td>the page; {@code /app.js} and {@code /app.css} its assets</td></tr>
 * <tr><td>{@code GET /api/session}</td><td>user name, workspace name and zone, permissions, CSRF token</td></tr>
 * <tr><td>{@code GET /api/status}</td><td>key, subscription and quota banners; schedule and next run</td></tr>
 * <tr><td>{@code GET /api/snapshots}</td><td>the snapshots, newest first, formatted for people</td></tr>
 * <tr><td>{@code POST /api/backups}</td><td>Backup Now with an optional {@code note}; 202 with a job id</td></tr>
 * <tr><td>{@code GET /api/restore-preview?file=}</td><td>what the restore dialog shows</td></tr>
 * <tr><td>{@code POST /api/restores}</td><td>{@code file}, {@code typedName} and optionally
 *     {@code acceptUnverifiedOrigin}; 202 with a job id</td></tr>
 * <tr><td>{@code GET /api/restore-contents?file=}</td><td>the backup's collections, for "Only some data"</td></tr>
 * <tr><td>{@code POST /api/restore-preview/collections}, {@code POST /api/restore-preview/deleted}</td><td>what
 *     restoring chosen collections, or the documents deleted from one collection since the backup, would do</td></tr>
 * <tr><td>{@code POST /api/restores/collections}, {@code POST /api/restores/deleted}</td><td>the same with
 *     {@code typedName}; 202 with a job id</td></tr>
 * <tr><td>{@code GET /api/jobs/{id}}</td><td>a background job's state, phase and outcome</td></tr>
 * <tr><td>{@code GET /api/compare?file=A&amp;to=B}, {@code GET /api/compare?file=A&amp;live=true}</td><td>what changed
 *     between two backups, or since a backup (the live data), per collection</td></tr>
 * </table>
 *
 * <p>Security model: the host's {@link HostIdentity} says who the user is and which workspace they act
 * for (the browser never names a tenant); POSTs need the {@code X-CSRF-Token} header (an HMAC of the
 * session under {@link Builder#csrfSecret(byte[]) the server secret}) and a JSON body; permissions are
 * checked by every endpoint and again by the library; the restore re-checks the typed workspace name on
 * the server; errors are JSON with the library's meaning and never a stack trace, key material or
 * storage location. Thread-safe; {@link #close()} stops the restore workers.
 */
public final class BackupsWeb implements AutoCloseable {
    private static final String STATIC = "/com/daaisuite/backup/web/static/";
    private static final Map<String, String> ASSETS = Map.of(
            "/", "index.html",
            "/index.html", "index.html",
            "/app.js", "app.js",
            "/app.css", "app.css",
            "/compare.js", "compare.js",
            "/compare.css", "compare.css",
            "/partial.js", "partial.js",
            "/partial.css", "partial.css");

    private final HostIdentity identity;
    private final HostRule hosts;
    private final Csrf csrf;
    private final Screen screen;
    private final ContentsScreen contents;
    private final PartialRestoreScreen partial;
    private final ExecutorService restoreWorkers;
    private final Map<String, byte[]> assets = new LinkedHashMap<>();

    private BackupsWeb(Builder b, byte[] secret) {
        this.identity = b.identity;
        this.csrf = new Csrf(secret);
        this.hosts = new HostRule(b.allowedHosts);
        AtomicInteger n = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "daai-backup-web-restore-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.restoreWorkers = Executors.newCachedThreadPool(threads);
        this.screen = new Screen(b.backups, b.tenants, Optional.ofNullable(b.quota), Optional.ofNullable(b.restoreProgress),
                new Jobs(b.clock), restoreWorkers, b.clock);
        this.contents = new ContentsScreen(b.backups, screen::tenant);
        this.partial = new PartialRestoreScreen(b.backups, screen);
        for (String name : ASSETS.values()) {
            assets.computeIfAbsent(name, BackupsWeb::load);
        }
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Answers one request. Never throws: every failure becomes a JSON error response.
     *
     * @param request the request, with its path relative to the mount point
     * @return the response
     */
    public WebResponse handle(WebRequest request) {
        Objects.requireNonNull(request, "request");
        boolean head = request.method().equals("HEAD");
        try {
            hosts.check(request);
            // HEAD is GET without the body, with the same status and headers.
            WebRequest r = head ? request.asGet() : request;
            String path = r.path();
            if (path.startsWith("/api/")) {
                return headless(api(r, path.substring("/api".length())), head);
            }
            String asset = ASSETS.get(path);
            if (asset == null) {
                throw new WebError(404, "not_found", "There is nothing at this address.");
            }
            requireMethod(r, "GET");
            return headless(asset(asset), head);
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError e) {
                throw e;
            }
            Errors.Mapped m = Errors.map(t);
            return headless(json(m.status(), m.json()), head);
        }
    }

    private static WebResponse headless(WebResponse r, boolean head) {
        return head ? new WebResponse(r.status(), r.headers(), new byte[0]) : r;
    }

    /**
     * The headers every response of the screen carries, for adapters that answer by themselves (the
     * redirect of the bare mount point, a refusal before the core is reached).
     *
     * @param contentType the response's content type, or null for a response without a body
     * @return a new, mutable map: Content-Type (when given), the security headers and {@code Cache-Control: no-store}
     */
    public static Map<String, String> standardHeaders(String contentType) {
        Map<String, String> h = securityHeaders(contentType);
        h.put("Cache-Control", "no-store");
        return h;
    }

    private WebResponse api(WebRequest request, String route) {
        WebUser user = identity.identify(request).orElseThrow(() -> new WebError(401, "not_signed_in",
                "You are not signed in, or your session has expired. Sign in again and reload the page."));
        switch (route) {
            case "/session" -> {
                requireMethod(request, "GET");
                return json(200, screen.session(user, csrf.tokenFor(user)));
            }
            case "/status" -> {
                requireMethod(request, "GET");
                return json(200, screen.status(user));
            }
            case "/snapshots" -> {
                requireMethod(request, "GET");
                int offset = intQuery(request, "offset", 0, 0, Integer.MAX_VALUE);
                int limit = intQuery(request, "limit", Screen.PAGE_ROWS, 1, Screen.PAGE_ROWS);
                String order = request.query("order").orElse("newest");
                if (!order.equals("newest") && !order.equals("oldest")) {
                    throw new WebError(400, "bad_request", "Sort by newest or oldest.");
                }
                return json(200, screen.snapshots(user, offset, limit, order.equals("oldest"), request.query("label")));
            }
            case "/restore-preview" -> {
                requireMethod(request, "GET");
                String file = request.query("file").filter(f -> !f.isBlank()).orElseThrow(() -> new WebError(400, "bad_request",
                        "Say which backup to preview: ?file=<file name from the list>."));
                return json(200, screen.preview(user, file));
            }
            case "/compare" -> {
                requireMethod(request, "GET");
                String file = request.query("file").filter(f -> !f.isBlank()).orElseThrow(() -> new WebError(400, "bad_request",
                        "Say which backup to compare: ?file=<file name>&to=<other file name>, or ?file=<file name>&live=true."));
                String to = request.query("to").filter(f -> !f.isBlank()).orElse(null);
                if (to == null && !request.query("live").filter("true"::equals).isPresent()) {
                    throw new WebError(400, "bad_request", "Say what to compare with: &to=<other file name>, or &live=true.");
                }
                return json(200, contents.compare(user, file, to));
            }
            case "/backups" -> {
                Map<String, Object> body = post(request, user);
                return json(202, screen.startBackup(user, Bodies.optionalString(body, "note")));
            }
            case "/restores" -> {
                Map<String, Object> body = post(request, user);
                String file = Bodies.optionalString(body, "file").filter(f -> !f.isBlank()).orElseThrow(() -> new WebError(400,
                        "bad_request", "Say which backup to restore: {\"file\": ..., \"typedName\": ...}."));
                String typed = Bodies.optionalString(body, "typedName").orElseThrow(() -> new WebError(400, "bad_request",
                        "Type the workspace name to confirm the restore: {\"file\": ..., \"typedName\": ...}."));
                return json(202, screen.startRestore(user, file, typed, Bodies.accept(body)));
            }
            case "/restore-contents" -> {
                requireMethod(request, "GET");
                String file = request.query("file").filter(f -> !f.isBlank()).orElseThrow(() -> new WebError(400, "bad_request",
                        "Say which backup: ?file=<file name from the list>."));
                return json(200, partial.collections(user, file));
            }
            case "/restore-preview/collections" -> {
                Map<String, Object> body = post(request, user);
                return json(200, partial.previewCollections(user, Bodies.file(body), Bodies.strings(body, "collections")));
            }
            case "/restores/collections" -> {
                Map<String, Object> body = post(request, user);
                return json(202, partial.restoreCollections(user, Bodies.file(body), Bodies.strings(body, "collections"),
                        Bodies.typedName(body), Bodies.accept(body)));
            }
            case "/restore-preview/deleted" -> {
                Map<String, Object> body = post(request, user);
                return json(200, partial.previewDeleted(user, Bodies.file(body), Bodies.collection(body)));
            }
            case "/restores/deleted" -> {
                Map<String, Object> body = post(request, user);
                return json(202, partial.restoreDeleted(user, Bodies.file(body), Bodies.collection(body),
                        Bodies.typedName(body), Bodies.accept(body)));
            }
            default -> {
                if (route.startsWith("/jobs/") && route.length() > "/jobs/".length()) {
                    requireMethod(request, "GET");
                    return json(200, screen.job(user, route.substring("/jobs/".length())));
                }
                throw new WebError(404, "not_found", "There is no such endpoint.");
            }
        }
    }

    /** The checks every state-changing call passes before anything else: POST, CSRF token, JSON body. */
    private Map<String, Object> post(WebRequest request, WebUser user) {
        requireMethod(request, "POST");
        if (!csrf.valid(user, request.header(Csrf.HEADER).orElse(null))) {
            throw new WebError(403, "csrf_invalid", "This request did not carry this session's security token."
                    + " Reload the page and try again.");
        }
        if (!isJson(request.header("Content-Type").orElse(""))) {
            throw new WebError(415, "unsupported_media_type", "Send the request body as application/json.");
        }
        try {
            return Json.readObject(request.body());
        } catch (IllegalArgumentException e) {
            if (request.body().length > Json.MAX_REQUEST_BYTES) {
                throw new WebError(400, "bad_request", "The request body is larger than " + Json.MAX_REQUEST_BYTES / 1024
                        + " KiB, so it was not read.");
            }
            throw new WebError(400, "bad_request", "The request body was not understood: send one JSON object.");
        }
    }

    /** Exactly {@code application/json}, optionally with a UTF-8 charset: never a prefix match ("application/json-evil"). */
    static boolean isJson(String contentType) {
        String[] parts = contentType.split(";");
        if (!parts[0].strip().equalsIgnoreCase("application/json")) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].strip().toLowerCase(Locale.ROOT);
            if (!p.isEmpty() && !p.replace("\"", "").equals("charset=utf-8")) {
                return false;
            }
        }
        return true;
    }

    private static int intQuery(WebRequest request, String name, int fallback, int min, int max) {
        Optional<String> v = request.query(name);
        if (v.isEmpty()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.get());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // Answered below, the same as a number out of range.
        }
        throw new WebError(400, "bad_request", "The list was asked for with a page position it does not have.");
    }

    private static void requireMethod(WebRequest request, String method) {
        if (!request.method().equals(method)) {
            throw new WebError(405, "method_not_allowed", "Use " + method + " for this address.");
        }
    }

    private WebResponse asset(String name) {
        String type = name.endsWith(".html") ? "text/html; charset=utf-8"
                : name.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
        Map<String, String> h = securityHeaders(type);
        h.put("Cache-Control", "no-cache");
        return new WebResponse(200, h, assets.get(name));
    }

    private static WebResponse json(int status, Object body) {
        Map<String, String> h = securityHeaders("application/json; charset=utf-8");
        h.put("Cache-Control", "no-store");
        return new WebResponse(status, h, Json.bytes(body));
    }

    private static Map<String, String> securityHeaders(String type) {
        Map<String, String> h = new LinkedHashMap<>();
        if (type != null) {
            h.put("Content-Type", type);
        }
        // Only this jar's own files may run or style the page; it may not be framed (clickjacking).
        h.put("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
        h.put("X-Content-Type-Options", "nosniff");
        h.put("X-Frame-Options", "DENY");
        h.put("Referrer-Policy", "no-referrer");
        return h;
    }

    private static byte[] load(String name) {
        try (InputStream in = BackupsWeb.class.getResourceAsStream(STATIC + name)) {
            if (in == null) {
                throw new IllegalStateException("The backup-web jar is incomplete: " + STATIC + name + " is missing");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops accepting restores and lets running ones finish in the background. */
    @Override
    public void close() {
        restoreWorkers.shutdown();
        try {
            restoreWorkers.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "BackupsWeb[" + identity.getClass().getSimpleName() + "]";
    }

    /** Builds a {@link BackupsWeb}; {@link #build()} validates. */
    public static final class Builder {
        private Backups backups;
        private TenantDirectory tenants;
        private HostIdentity identity;
        private byte[] csrfSecret;
        private QuotaPolicy quota;
        private RestoreProgress restoreProgress;
        private Clock clock = Clock.systemUTC();
        private final java.util.Set<String> allowedHosts = new java.util.LinkedHashSet<>();

        private Builder() {}

        /**
         * The host names the screen is served under, such as {@code app.example.com} (no scheme, no port).
         * A request whose {@code Host} header names anything else is refused (421), and so is a POST whose
         * {@code Origin} is another site (403): a hostile page that rebinds its own name to the server's
         * address gets nothing. Without this, only the literal address the connection arrived at (and
         * {@code localhost} on a loopback connection) is accepted, which suits a server on 127.0.0.1.
         *
         * @param names host names or IP literals; may be called more than once
         * @return this builder
         */
        public Builder allowedHosts(String... names) {
            for (String n : names) {
                if (n == null || n.isBlank() || n.contains("/") || n.contains(" ")) {
                    throw new ConfigurationException("BackupsWeb.builder(): allowedHosts takes host names such as"
                            + " app.example.com, without scheme or path; got '" + n + "'");
                }
                String h = HostRule.hostPart(n);
                if (h == null) {
                    throw new ConfigurationException("BackupsWeb.builder(): allowedHosts: '" + n + "' is not a host name");
                }
                allowedHosts.add(h);
            }
            return this;
        }

        /**
         * @param backups the host's library instance (required)
         * @return this builder
         */
        public Builder backups(Backups backups) {
            this.backups = backups;
            return this;
        }

        /**
         * @param tenants the same tenant directory the host gave {@code Backups.builder()} (required): the
         *     workspace name, zone, schedule and subscription state come from it
         * @return this builder
         */
        public Builder tenants(TenantDirectory tenants) {
            this.tenants = tenants;
            return this;
        }

        /**
         * @param identity who the user is and which workspace they act for (required)
         * @return this builder
         */
        public Builder identity(HostIdentity identity) {
            this.identity = identity;
            return this;
        }

        /**
         * @param secret at least 32 random bytes that sign CSRF tokens (required, copied); the same on every
         *     node behind one load balancer, and kept as secret as a session-signing key
         * @return this builder
         */
        public Builder csrfSecret(byte[] secret) {
            this.csrfSecret = secret == null ? null : secret.clone();
            return this;
        }

        /**
         * @param quota the same quota policy the host gave {@code Backups.builder()}, for the quota banner
         *     (optional: without it no quota banner is shown)
         * @return this builder
         */
        public Builder quota(QuotaPolicy quota) {
            this.quota = quota;
            return this;
        }

        /**
         * @param progress the tracker the host also registered as listener and gate (optional: without it
         *     the restore dialog shows a single "restoring" phase)
         * @return this builder
         */
        public Builder restoreProgress(RestoreProgress progress) {
            this.restoreProgress = progress;
            return this;
        }

        /**
         * @param clock the clock that ages finished jobs and tells whether the next run is overdue (default: system UTC)
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** @return the screen */
        public BackupsWeb build() {
            if (backups == null) {
                throw new ConfigurationException("BackupsWeb.builder(): backups is required: pass the host's Backups instance");
            }
            if (tenants == null) {
                throw new ConfigurationException("BackupsWeb.builder(): tenants is required: pass the TenantDirectory given to Backups");
            }
            if (identity == null) {
                throw new ConfigurationException("BackupsWeb.builder(): identity is required: the host says who the user is"
                        + " (the screen never authenticates by itself)");
            }
            if (csrfSecret == null || csrfSecret.length < 32) {
                throw new ConfigurationException("BackupsWeb.builder(): csrfSecret must be at least 32 random bytes"
                        + " (for example from SecureRandom), shared by every node of the host");
            }
            if (clock == null) {
                throw new ConfigurationException("BackupsWeb.builder(): clock must not be null");
            }
            return new BackupsWeb(this, csrfSecret);
        }
    }
}
