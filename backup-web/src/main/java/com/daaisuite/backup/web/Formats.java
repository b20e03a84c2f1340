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

    private static final DateTimeFormatter UNTIL = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm zzz", Locale.ENGLISH);

    /**
     * How long a snapshot is kept, in one line: the library's promise (its retention policy and the
     * engine's protections) put into words, never a rule of the screen's own. Count rules have no date.
     */
    static String kept(com.daaisuite.backup.core.SnapshotRetention r, Instant createdAt, ZoneId zone) {
        if (r.pinned()) {
            return "pinned: kept until unpinned";
        }
        if (r.goesAtNextRun()) {
            return "deleted at the next clean-up";
        }
        if (r.due()) {
            // Only the engine's rule holds it: the policy would have deleted it already.
            return "kept while it is the newest backup";
        }
        String among = r.whileAmongNewest().isPresent()
                ? "while among the " + r.whileAmongNewest().getAsInt() + " newest " + r.label().label() + " backups" : "";
        if (r.label() == com.daaisuite.backup.core.SnapshotLabel.PRE_RESTORE && r.keptUntil().isPresent()) {
            long days = java.time.Duration.between(createdAt, r.keptUntil().get()).toDays();
            return "safety backup, kept " + days + (days == 1 ? " day" : " days") + " (until "
                    + UNTIL.format(r.keptUntil().get().atZone(zone)) + ")";
        }
        if (r.keptUntil().isPresent()) {
            String until = "kept until " + UNTIL.format(r.keptUntil().get().atZone(zone));
            return among.isEmpty() ? until : until + ", and after that " + among;
        }
        if (!among.isEmpty()) {
            return "kept " + among;
        }
        return r.newest() ? "kept while it is the newest backup" : "kept as the retention policy decides";
    }

    /**
     * The empty state's sentence, in the workspace's zone as people say it: "The first nightly automated
     * backup runs tonight at 1 AM IST.", with the day when it is not tonight, or "is due now" when the
     * scheduler's next check will take it. Scheduled backups run in the nightly slot, so the 24-hour and
     * daily schedules are "nightly"; the others say their frequency ("monthly", "7-day").
     */
    static String firstAutomatedBackup(com.daaisuite.backup.core.SnapshotLabel frequency, Instant next, Instant now, ZoneId zone) {
        String kind = frequency == com.daaisuite.backup.core.SnapshotLabel.TWENTY_FOUR_HOUR
                || frequency == com.daaisuite.backup.core.SnapshotLabel.DAILY ? "nightly" : frequency.label();
        String first = "The first " + kind + " automated backup ";
        if (!next.isAfter(now)) {
            return first + "is due now: it runs at the scheduler's next check.";
        }
        java.time.ZonedDateTime at = next.atZone(zone);
        java.time.LocalDate today = now.atZone(zone).toLocalDate();
        String time = DateTimeFormatter.ofPattern(at.getMinute() == 0 ? "h a zzz" : "h:mm a zzz", Locale.ENGLISH).format(at);
        boolean night = at.getHour() < 6 || at.getHour() >= 18;
        boolean tonight = night && java.time.Duration.between(now, next).toHours() < 18
                && (at.toLocalDate().equals(today) || at.toLocalDate().equals(today.plusDays(1)) && at.getHour() < 6);
        if (tonight) {
            return first + "runs tonight at " + time + ".";
        }
        if (at.toLocalDate().equals(today)) {
            return first + "runs today at " + time + ".";
        }
        String day = DateTimeFormatter.ofPattern(at.getYear() == today.getYear() ? "EEE d MMM" : "EEE d MMM yyyy", Locale.ENGLISH)
                .format(at);
        return first + "runs on " + day + " at " + time + ".";
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
