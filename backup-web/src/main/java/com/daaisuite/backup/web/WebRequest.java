package com.daaisuite.backup.web;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One HTTP request as the framework-neutral core sees it: what an adapter ({@link
 * com.daaisuite.backup.web.jdk.BackupsHttpHandler}, {@link com.daaisuite.backup.web.servlet.BackupsServlet} or
 * the host's own) hands to {@link BackupsWeb#handle(WebRequest)}.
 *
 * <p>The path is relative to where the screen is mounted: {@code "/"} for the page, {@code
 * "/api/snapshots"} for the list. Header names are case-insensitive. The adapter's own request object
 * travels along so that the host's {@link HostIdentity} can read its session from it.
 */
public final class WebRequest {
    private final String method;
    private final String path;
    private final Map<String, String> query;
    private final Map<String, String> headers;
    private final byte[] body;
    private final Object nativeRequest;
    private final java.net.InetSocketAddress localAddress;

    private WebRequest(Builder b) {
        this.method = b.method.toUpperCase(Locale.ROOT);
        this.path = b.path.isEmpty() ? "/" : b.path;
        this.query = Map.copyOf(b.query);
        TreeMap<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(b.headers);
        this.headers = java.util.Collections.unmodifiableMap(h);
        this.body = b.body.clone();
        this.nativeRequest = b.nativeRequest;
        this.localAddress = b.localAddress;
    }

    /**
     * @param method the HTTP method, such as {@code GET}
     * @param path the path below the mount point, starting with {@code /}
     * @return a builder
     */
    public static Builder builder(String method, String path) {
        return new Builder(method, path);
    }

    /** @return the HTTP method in upper case */
    public String method() {
        return method;
    }

    /** @return the path below the mount point, starting with {@code /} */
    public String path() {
        return path;
    }

    /**
     * @param name a query parameter
     * @return its first value, if present
     */
    public Optional<String> query(String name) {
        return Optional.ofNullable(query.get(name));
    }

    /**
     * @param name a header name, in any case
     * @return its value, if present
     */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    /** @return a copy of the body bytes (empty for none) */
    public byte[] body() {
        return body.clone();
    }

    /**
     * The adapter's own request, for the host's {@link HostIdentity}: an {@code HttpExchange} from the
     * JDK adapter, an {@code HttpServletRequest} from the servlet adapter.
     *
     * @param type the expected type
     * @param <T> the expected type
     * @return the native request when it has that type
     */
    public <T> Optional<T> nativeRequest(Class<T> type) {
        return type.isInstance(nativeRequest) ? Optional.of(type.cast(nativeRequest)) : Optional.empty();
    }

    /**
     * The address the connection arrived at, as the adapter saw it: a {@code Host} header naming this
     * literal address is allowed without configuration (see {@link BackupsWeb.Builder#allowedHosts}).
     *
     * @return the server-side address of the connection, if the adapter gave it
     */
    public Optional<java.net.InetSocketAddress> localAddress() {
        return Optional.ofNullable(localAddress);
    }

    /** @return this request as a GET (for HEAD, which is answered as GET without the body) */
    WebRequest asGet() {
        Builder b = new Builder("GET", path).body(body).nativeRequest(nativeRequest).localAddress(localAddress);
        query.forEach(b::query);
        headers.forEach(b::header);
        return b.build();
    }

    @Override
    public String toString() {
        // Never the headers or the body: they carry cookies, CSRF tokens and typed names.
        return "WebRequest[" + method + " " + path + "]";
    }

    /** Builds a {@link WebRequest}; adapters fill it from their framework's request. */
    public static final class Builder {
        private final String method;
        private final String path;
        private final Map<String, String> query = new TreeMap<>();
        private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        private byte[] body = new byte[0];
        private Object nativeRequest;
        private java.net.InetSocketAddress localAddress;

        private Builder(String method, String path) {
            this.method = Objects.requireNonNull(method, "method");
            this.path = Objects.requireNonNull(path, "path");
            if (!path.isEmpty() && !path.startsWith("/")) {
                throw new IllegalArgumentException("WebRequest path must start with '/', got '" + path + "'");
            }
        }

        /**
         * Adds a query parameter; the first value of a name wins.
         *
         * @param name the name
         * @param value the decoded value
         * @return this builder
         */
        public Builder query(String name, String value) {
            query.putIfAbsent(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Sets a header; the first value of a name wins.
         *
         * @param name the name, in any case
         * @param value the value
         * @return this builder
         */
        public Builder header(String name, String value) {
            headers.putIfAbsent(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * @param body the request body (copied)
         * @return this builder
         */
        public Builder body(byte[] body) {
            this.body = Objects.requireNonNull(body, "body").clone();
            return this;
        }

        /**
         * @param nativeRequest the framework's request, handed on to the host's {@link HostIdentity}
         * @return this builder
         */
        public Builder nativeRequest(Object nativeRequest) {
            this.nativeRequest = nativeRequest;
            return this;
        }

        /**
         * @param localAddress the server-side address the connection arrived at (the adapters set it)
         * @return this builder
         */
        public Builder localAddress(java.net.InetSocketAddress localAddress) {
            this.localAddress = localAddress;
            return this;
        }

        /** @return the request */
        public WebRequest build() {
            return new WebRequest(this);
        }
    }
}
