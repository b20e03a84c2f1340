package com.daaisuite.backup.web;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Dates in the workspace's zone and sizes for people, formatted on the server so every browser agrees. */
final class Formats {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm:ss zzz", Locale.ENGLISH);
    private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB"};

    private Formats() {}

    /** "45 seconds", "1 minute", "2 minutes 30 seconds": how long to wait, for people. */
    static String duration(java.time.Duration d) {
        long s = Math.max(1, (d.toMillis() + 999) / 1000);
        long m = s / 60;
        long r = s % 60;
        String min = m == 0 ? "" : m == 1 ? "1 minute" : m + " minutes";
        String sec = r == 0 ? "" : r == 1 ? "1 second" : r + " seconds";
        return min.isEmpty() ? sec : sec.isEmpty() ? min : min + " " + sec;
    }

    static String when(Instant at, ZoneId zone) {
        return WHEN.format(at.atZone(zone));
    }

    /** 1,024-based with binary units, as the CLI writes them: "512 bytes", "3.4 MiB", "120 MiB". */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes == 1 ? "1 byte" : bytes + " bytes";
        }
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < UNITS.length - 1) {
            v /= 1024;
            u++;
        }
        return (v < 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.0f", v)) + " " + UNITS[u];
    }
}
