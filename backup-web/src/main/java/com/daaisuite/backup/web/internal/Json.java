package com.daaisuite.backup.web.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The little JSON the screen needs, without a JSON library on the host's classpath: a writer for maps,
 * lists, strings, numbers, booleans and null, and a reader for one flat request object whose values
 * are strings, numbers, booleans, null or arrays of strings (the only shape the endpoints accept: a
 * restore of chosen collections names them in one array).
 */
public final class Json {
    /** Request bodies are a note and a typed name: anything bigger is not a request this screen makes. */
    public static final int MAX_REQUEST_BYTES = 16 * 1024;

    private Json() {}

    /** @return the UTF-8 JSON text of {@code value} */
    public static byte[] bytes(Object value) {
        return write(value).getBytes(StandardCharsets.UTF_8);
    }

    /** @return the JSON text of {@code value} */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder(256);
        write(sb, value);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Optional<?> o) {
            write(sb, o.orElse(null));
        } else if (v instanceof String s) {
            string(sb, s);
        } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long || v instanceof Short) {
            sb.append(v);
        } else if (v instanceof Number n) {
            double d = n.doubleValue();
            sb.append(Double.isFinite(d) ? String.valueOf(d) : "null");
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                string(sb, String.valueOf(e.getKey()));
                sb.append(':');
                write(sb, e.getValue());
            }
            sb.append('}');
        } else if (v instanceof Collection<?> c) {
            sb.append('[');
            boolean first = true;
            for (Object o : c) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                write(sb, o);
            }
            sb.append(']');
        } else {
            string(sb, v.toString());
        }
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                // Escaped so that JSON embedded anywhere in HTML can never close a tag or open a comment.
                case '<' -> sb.append("\\u003c");
                case '>' -> sb.append("\\u003e");
                case '&' -> sb.append("\\u0026");
                default -> {
                    // Lone surrogates are escaped: as UTF-8 bytes they would turn into '?' on the way.
                    if (c < 0x20 || c == '\u2028' || c == '\u2029' || loneSurrogate(s, i)) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    private static boolean loneSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        }
        return Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
    }

    /**
     * Reads one flat JSON object.
     *
     * @param body the request body (empty means an empty object)
     * @return its members in order; strings, {@code Double}s, {@code Boolean}s, nulls and {@code List<String>}s
     * @throws IllegalArgumentException when the body is not such an object
     */
    public static Map<String, Object> readObject(byte[] body) {
        if (body.length > MAX_REQUEST_BYTES) {
            throw new IllegalArgumentException("the request body is larger than " + MAX_REQUEST_BYTES + " bytes");
        }
        String s = new String(body, StandardCharsets.UTF_8);
        Reader r = new Reader(s);
        r.ws();
        Map<String, Object> out = new LinkedHashMap<>();
        if (r.end()) {
            return out;
        }
        r.expect('{');
        r.ws();
        if (r.peek() == '}') {
            r.pos++;
        } else {
            while (true) {
                r.ws();
                String key = r.string();
                r.ws();
                r.expect(':');
                r.ws();
                if (out.containsKey(key)) {
                    throw new IllegalArgumentException("the member \"" + key + "\" appears twice");
                }
                out.put(key, r.peek() == '[' ? r.strings() : r.scalar());
                r.ws();
                char c = r.next();
                if (c == '}') {
                    break;
                }
                if (c != ',') {
                    throw r.error("',' or '}'");
                }
            }
        }
        r.ws();
        if (!r.end()) {
            throw r.error("the end of the body");
        }
        return out;
    }

    private static final class Reader {
        final String s;
        int pos;

        Reader(String s) {
            this.s = s;
        }

        boolean end() {
            return pos >= s.length();
        }

        char peek() {
            if (end()) {
                throw error("more input");
            }
            return s.charAt(pos);
        }

        char next() {
            char c = peek();
            pos++;
            return c;
        }

        void ws() {
            while (!end() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        void expect(char c) {
            if (next() != c) {
                pos--;
                throw error("'" + c + "'");
            }
        }

        IllegalArgumentException error(String expected) {
            return new IllegalArgumentException("the request body is not a flat JSON object: expected " + expected
                    + " at character " + pos);
        }

        /** An array of strings only: nothing nested, no other kinds of value. */
        List<String> strings() {
            expect('[');
            List<String> out = new ArrayList<>();
            ws();
            if (peek() == ']') {
                pos++;
                return out;
            }
            while (true) {
                ws();
                if (peek() != '"') {
                    throw error("a string (an array holds strings only)");
                }
                out.add(string());
                ws();
                char c = next();
                if (c == ']') {
                    return out;
                }
                if (c != ',') {
                    throw error("',' or ']'");
                }
            }
        }

        Object scalar() {
            char c = peek();
            if (c == '"') {
                return string();
            }
            if (s.startsWith("true", pos)) {
                pos += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("false", pos)) {
                pos += 5;
                return Boolean.FALSE;
            }
            if (s.startsWith("null", pos)) {
                pos += 4;
                return null;
            }
            int start = pos;
            while (!end() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) {
                pos++;
            }
            if (start == pos) {
                throw error("a string, number, boolean or null (nested values are not accepted)");
            }
            try {
                return Double.valueOf(s.substring(start, pos));
            } catch (NumberFormatException e) {
                pos = start;
                throw error("a number");
            }
        }

        String string() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return sb.toString();
                }
                if (c < 0x20) {
                    pos--;
                    throw error("an escaped control character");
                }
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                char e = next();
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        if (pos + 4 > s.length()) {
                            throw error("four hex digits");
                        }
                        try {
                            sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                        } catch (NumberFormatException x) {
                            throw error("four hex digits");
                        }
                        pos += 4;
                    }
                    default -> {
                        pos--;
                        throw error("a valid escape");
                    }
                }
            }
        }
    }
}
