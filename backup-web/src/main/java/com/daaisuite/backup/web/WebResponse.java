package com.daaisuite.backup.web;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP response from {@link BackupsWeb#handle(WebRequest)}: a status, headers (security headers
 * included) and the body bytes. Adapters copy it to their framework's response unchanged.
 */
public final class WebResponse {
    private final int status;
    private final Map<String, String> headers;
    private final byte[] body;

    /**
     * @param status the HTTP status
     * @param headers the headers, in order (copied)
     * @param body the body (copied)
     */
    public WebResponse(int status, Map<String, String> headers, byte[] body) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("HTTP status must be 100..599, got " + status);
        }
        this.status = status;
        this.headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(headers, "headers")));
        this.body = Objects.requireNonNull(body, "body").clone();
    }

    /** @return the HTTP status */
    public int status() {
        return status;
    }

    /** @return the headers, in order */
    public Map<String, String> headers() {
        return headers;
    }

    /** @return a copy of the body */
    public byte[] body() {
        return body.clone();
    }

    /** @return the body as UTF-8 text (for tests and logs of JSON responses) */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** @return the Content-Type header, or empty */
    public String contentType() {
        return headers.getOrDefault("Content-Type", "");
    }

    @Override
    public String toString() {
        return "WebResponse[" + status + ", " + contentType() + ", " + body.length + " bytes]";
    }
}
