package com.daaisuite.backup.web.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What both adapters do the same way: decode a query string, read a bounded body. */
public final class HttpParts {
    private HttpParts() {}

    /**
     * @param rawQuery the raw (still encoded) query string, or null
     * @return decoded parameters; the first value of a name wins
     */
    public static Map<String, String> query(String rawQuery) {
        Map<String, String> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                out.putIfAbsent(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException malformed) {
                // A malformed escape is the client's problem: the parameter is ignored, and the endpoint says it is missing.
            }
        }
        return out;
    }

    /**
     * Reads at most {@link Json#MAX_REQUEST_BYTES} + 1 bytes, so an oversized body is refused by the JSON
     * reader without ever being held in memory whole.
     *
     * @param in the body stream
     * @return the bytes read
     * @throws IOException when reading fails
     */
    public static byte[] body(InputStream in) throws IOException {
        byte[] head = in.readNBytes(Json.MAX_REQUEST_BYTES + 1);
        // The rest is read and dropped (up to a bound), so that the client sees the answer instead of a reset
        // connection; a body larger than that bound is cut off when the connection closes.
        long dropped = 0;
        byte[] sink = new byte[8192];
        int n;
        while (dropped < MAX_DRAINED_BYTES && (n = in.read(sink)) > 0) {
            dropped += n;
        }
        return head;
    }

    /** How much of an oversized body is read and dropped before the connection is closed on it. */
    static final long MAX_DRAINED_BYTES = 1L << 20;
}
