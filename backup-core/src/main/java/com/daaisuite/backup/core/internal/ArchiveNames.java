package com.daaisuite.backup.core.internal;

import com.daaisuite.backup.core.InvalidNameException;
import com.daaisuite.backup.core.SnapshotLabel;
import com.daaisuite.backup.core.spi.StorageKey;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Archive file names: {@code <label>_<yyyyMMdd'T'HHmmss'Z'>[_<suffix>].gz.enc} ({@code .gz} for
 * plaintext). Built only from a {@link SnapshotLabel}, a UTC instant and a validated suffix, so no
 * input can shape a storage path; parsed back strictly, so foreign objects are ignored.
 */
public final class ArchiveNames {
    /** Extension of encrypted archives. */
    public static final String ENCRYPTED_EXT = ".gz.enc";
    /** Extension of plaintext archives. */
    public static final String PLAIN_EXT = ".gz";
    /** Suffix of the manifest beside an archive. */
    public static final String MANIFEST_SUFFIX = ".manifest.json";
    /** Suffix of the pin (legal hold) marker beside an archive. */
    public static final String PIN_SUFFIX = ".pin";

    static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC).withResolverStyle(ResolverStyle.STRICT);
    private static final Pattern SUFFIX = Pattern.compile("[a-z0-9]{1,16}");
    private static final Pattern NAME = Pattern.compile(
            "(monthly|15-day|7-day|3-day|24-hour|daily|manual|pre-restore)_(\\d{8}T\\d{6}Z)(?:_([a-z0-9]{1,16}))?(\\.gz\\.enc|\\.gz)");

    /** What a file name says. */
    public record Parsed(String fileName, SnapshotLabel label, Instant createdAt, Optional<String> suffix, boolean encrypted) {}

    /** Newest first: time, then suffix (none, 2, 3, ..., 10, then letters), then name. */
    public static final Comparator<Parsed> NEWEST_FIRST = Comparator.comparing(Parsed::createdAt)
            .thenComparing(p -> p.suffix().orElse(""), ArchiveNames::compareSuffix)
            .thenComparing(Parsed::fileName)
            .reversed();

    private ArchiveNames() {}

    /**
     * @param label the label
     * @param createdAt when (truncated to seconds)
     * @param suffix a disambiguating suffix, lower-case letters and digits, or null
     * @param encrypted DBK1 or plaintext
     * @return the file name
     */
    public static String name(SnapshotLabel label, Instant createdAt, String suffix, boolean encrypted) {
        StringBuilder b = new StringBuilder(label.label()).append('_')
                .append(STAMP.format(createdAt.truncatedTo(ChronoUnit.SECONDS)));
        if (suffix != null) {
            if (!SUFFIX.matcher(suffix).matches()) {
                throw new InvalidNameException("Archive name suffix '" + suffix + "' is not allowed; use 1-16 lower-case letters or digits.");
            }
            b.append('_').append(suffix);
        }
        b.append(encrypted ? ENCRYPTED_EXT : PLAIN_EXT);
        return StorageKey.requireValidFileName(b.toString());
    }

    /**
     * The first name for {@code label} at {@code createdAt} not in {@code taken}: no suffix, then _2, _3...
     *
     * @param label label
     * @param createdAt time
     * @param encrypted DBK1 or plaintext
     * @param taken file names already in the folder (both extensions are checked, so a {@code .gz}
     *     and a {@code .gz.enc} never share a stem)
     * @return a free name
     */
    public static String freeName(SnapshotLabel label, Instant createdAt, boolean encrypted, Set<String> taken) {
        for (int i = 1; i < 10_000; i++) {
            String suffix = i == 1 ? null : Integer.toString(i);
            String enc = name(label, createdAt, suffix, true);
            String plain = name(label, createdAt, suffix, false);
            if (!taken.contains(enc) && !taken.contains(plain)) {
                return encrypted ? enc : plain;
            }
        }
        throw new IllegalStateException("No free archive name for " + label + " at " + createdAt);
    }

    /**
     * @param fileName an object name from a listing
     * @return what it says, or empty if it is not an archive name (manifests, pins, foreign files)
     */
    public static Optional<Parsed> parse(String fileName) {
        if (fileName == null) {
            return Optional.empty();
        }
        Matcher m = NAME.matcher(fileName);
        if (!m.matches()) {
            return Optional.empty();
        }
        Instant at;
        try {
            at = STAMP.parse(m.group(2), Instant::from);
        } catch (RuntimeException notADate) {
            return Optional.empty();
        }
        return Optional.of(new Parsed(fileName, SnapshotLabel.fromLabel(m.group(1)), at,
                Optional.ofNullable(m.group(3)), m.group(4).equals(ENCRYPTED_EXT)));
    }

    /** @param archive archive file name @return its manifest's file name */
    public static String manifestOf(String archive) {
        return archive + MANIFEST_SUFFIX;
    }

    /** @param archive archive file name @return its pin marker's file name */
    public static String pinOf(String archive) {
        return archive + PIN_SUFFIX;
    }

    private static int compareSuffix(String a, String b) {
        boolean an = !a.isEmpty() && a.chars().allMatch(Character::isDigit);
        boolean bn = !b.isEmpty() && b.chars().allMatch(Character::isDigit);
        if (a.isEmpty() || b.isEmpty()) {
            return Boolean.compare(!a.isEmpty(), !b.isEmpty());
        }
        if (an && bn) {
            return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
        }
        if (an != bn) {
            return an ? -1 : 1;
        }
        return a.compareTo(b);
    }
}
