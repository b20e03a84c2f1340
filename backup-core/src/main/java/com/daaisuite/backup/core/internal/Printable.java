package com.daaisuite.backup.core.internal;

/**
 * Makes untrusted text safe for log lines and audit events: control, format (bidi overrides,
 * zero-width) and line-separator characters become {@code \\u} escapes with four hex digits, and
 * overlong text is cut, so a hostile file name or message cannot forge or hide log lines.
 */
final class Printable {
    static final int MAX = 1024;

    private Printable() {}

    static String of(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder b = null;
        int n = Math.min(s.length(), MAX);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            boolean unsafe = c < 0x20 || (c >= 0x7f && c <= 0x9f) || Character.getType(c) == Character.FORMAT
                    || c == '\u2028' || c == '\u2029';
            if (unsafe && b == null) {
                b = new StringBuilder(n + 16).append(s, 0, i);
            }
            if (b != null) {
                if (unsafe) {
                    b.append(String.format("\\u%04x", (int) c));
                } else {
                    b.append(c);
                }
            }
        }
        String out = b == null ? s.substring(0, n) : b.toString();
        return s.length() > n ? out + "..." : out;
    }
}
