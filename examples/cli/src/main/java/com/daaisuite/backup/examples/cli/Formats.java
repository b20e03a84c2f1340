package com.daaisuite.backup.examples.cli;

import com.daaisuite.backup.core.Snapshot;
import java.nio.charset.Charset;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** How the CLI writes sizes, times and the Backups table. */
final class Formats {
    static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss zzz", Locale.ROOT);

    private Formats() {}

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        do {
            v /= 1024;
            u++;
        } while (v >= 1024 && u < units.length - 1);
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        long s = d.toSeconds();
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }

    /**
     * Whether stdout is UTF-8, so the lock glyphs render. The ASCII fallback keeps the table aligned
     * and readable on terminals with legacy code pages (and in logs of cron jobs).
     */
    static boolean utf8Output() {
        String enc = System.getProperty("stdout.encoding", System.getProperty("sun.stdout.encoding"));
        Charset cs;
        try {
            cs = enc != null ? Charset.forName(enc) : Charset.defaultCharset();
        } catch (IllegalArgumentException e) {
            cs = Charset.defaultCharset();
        }
        return cs.name().toUpperCase(Locale.ROOT).replace("-", "").equals("UTF8");
    }

    /** The Encryption column; "lock" is kept for the tenant's lock and pinning is shown as "(pinned)". */
    static String encryption(boolean encrypted, boolean utf8) {
        if (utf8) {
            return encrypted ? "\uD83D\uDD12 encrypted" : "\uD83D\uDD13 legacy";
        }
        return encrypted ? "[enc] encrypted" : "[plain] legacy";
    }

    /** The Backups table as the screen shows it: newest first, times in the tenant's zone. */
    static List<String> table(List<Snapshot> snapshots, ZoneId zone, boolean utf8) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"Date/Time", "Frequency", "Size", "Encryption", "File"});
        for (Snapshot s : snapshots) {
            rows.add(new String[] {LOCAL.format(s.createdAtIn(zone)), s.label().label() + (s.pinned() ? " (pinned)" : ""),
                    bytes(s.sizeBytes()), encryption(s.encrypted(), utf8), s.fileName() + (s.flagged() ? " [!]" : "")});
        }
        int[] width = new int[5];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (int ri = 0; ri < rows.size(); ri++) {
            String[] r = rows.get(ri);
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                boolean right = i == 2 && ri > 0;
                String cell = right ? pad(r[i], width[i], true) : pad(r[i], width[i], false);
                b.append(cell).append(i < r.length - 1 ? "  " : "");
            }
            lines.add(b.toString().stripTrailing());
            if (ri == 0) {
                StringBuilder u = new StringBuilder();
                for (int i = 0; i < width.length; i++) {
                    u.append("-".repeat(width[i])).append(i < width.length - 1 ? "  " : "");
                }
                lines.add(u.toString());
            }
        }
        for (Snapshot s : snapshots) {
            s.warning().ifPresent(w -> lines.add("[!] " + s.fileName() + ": " + w));
        }
        return lines;
    }

    private static String pad(String s, int w, boolean right) {
        String fill = " ".repeat(Math.max(0, w - s.length()));
        return right ? fill + s : s + fill;
    }

    /** A JSON string literal. */
    static String json(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
