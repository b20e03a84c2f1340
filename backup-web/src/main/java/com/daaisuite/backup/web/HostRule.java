package com.daaisuite.backup.web;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which {@code Host} and {@code Origin} a request may carry (docs/web.md, "Host and Origin").
 *
 * <p>DNS rebinding lets a hostile page reach a server on the visitor's machine or network under the
 * attacker's own name: the browser then sends {@code Host: attacker.example} and treats the answers
 * as same-origin, so it can read the CSRF token. Checking the name the request was addressed to
 * closes that: a request is answered only when its {@code Host} is a name the host configured
 * ({@link BackupsWeb.Builder#allowedHosts}), the literal address the connection arrived at, or, on a
 * loopback connection, {@code localhost}. A state-changing request that carries an {@code Origin}
 * must come from that same host and port. Requests without {@code Host} or {@code Origin} are not
 * from a browser (browsers always send {@code Host}, and {@code Origin} on every POST), so they are
 * left to the CSRF token.
 */
final class HostRule {
    private final Set<String> allowedNames;

    HostRule(Set<String> allowedNames) {
        this.allowedNames = Set.copyOf(allowedNames);
    }

    /** Normalises a configured or received host name: lower case, no trailing dot, IPv6 without brackets. */
    static String normalise(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    void check(WebRequest request) {
        Optional<String> hostHeader = request.header("Host");
        if (hostHeader.isPresent()) {
            String host = hostPart(hostHeader.get());
            if (host == null || !allowed(host, request.localAddress())) {
                throw new WebError(421, "host_not_allowed", "This screen is not served under the address in your browser."
                        + " Open it from the address your administrator gave you.");
            }
        }
        if (request.method().equals("GET") || request.method().equals("HEAD")) {
            return;
        }
        Optional<String> origin = request.header("Origin");
        if (origin.isEmpty()) {
            return;
        }
        String authority = originAuthority(origin.get());
        String host = authority == null ? null : hostPart(authority);
        boolean sameAsHost = hostHeader.map(h -> h.strip().equalsIgnoreCase(authority)).orElse(true);
        if (host == null || !sameAsHost || !allowed(host, request.localAddress())) {
            throw new WebError(403, "origin_not_allowed", "This change was sent from another site, so it was refused."
                    + " Nothing was changed. Open the screen from its own address and try again.");
        }
    }

    private boolean allowed(String host, Optional<InetSocketAddress> local) {
        if (allowedNames.contains(host)) {
            return true;
        }
        if (local.isEmpty() || local.get().getAddress() == null) {
            return false;
        }
        InetAddress at = local.get().getAddress();
        if (host.equals(normalise(at.getHostAddress())) || literalEquals(host, at)) {
            return true;
        }
        return at.isLoopbackAddress() && (host.equals("localhost") || isLoopbackLiteral(host));
    }

    /** "127.0.0.1" and "::1" written differently ("0:0:0:0:0:0:0:1") are the same address; a name never is. */
    private static boolean literalEquals(String host, InetAddress at) {
        return literal(host).map(at::equals).orElse(false);
    }

    private static boolean isLoopbackLiteral(String host) {
        return literal(host).map(InetAddress::isLoopbackAddress).orElse(false);
    }

    /** Parses only IP literals, never a name (no DNS lookup). */
    private static Optional<InetAddress> literal(String host) {
        boolean v4 = host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean v6 = host.contains(":") && host.matches("[0-9a-f:.]+");
        if (!v4 && !v6) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(host));
        } catch (java.net.UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** The host of a Host header value ("name", "name:port", "[::1]:port"), or null when malformed. */
    static String hostPart(String value) {
        String v = value.strip();
        if (v.isEmpty() || v.contains("/") || v.contains("@") || v.contains(" ")) {
            return null;
        }
        String host;
        if (v.startsWith("[")) {
            int end = v.indexOf(']');
            if (end < 0) {
                return null;
            }
            host = v.substring(0, end + 1);
            String rest = v.substring(end + 1);
            if (!rest.isEmpty() && !rest.matches(":\\d{1,5}")) {
                return null;
            }
        } else {
            int colon = v.indexOf(':');
            host = colon < 0 ? v : v.substring(0, colon);
            if (colon >= 0 && !v.substring(colon).matches(":\\d{1,5}")) {
                return null;
            }
        }
        String h = normalise(host);
        return h.isEmpty() ? null : h;
    }

    /** "http://name:port" to "name:port"; null for "null", paths, or anything but http and https. */
    private static String originAuthority(String origin) {
        try {
            URI u = new URI(origin.strip());
            String scheme = u.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    || u.getRawAuthority() == null || (u.getRawPath() != null && !u.getRawPath().isEmpty())) {
                return null;
            }
            return u.getRawAuthority();
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
