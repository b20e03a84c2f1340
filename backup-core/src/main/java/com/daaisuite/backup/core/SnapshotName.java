package com.daaisuite.backup.core;

import com.daaisuite.backup.core.spi.StorageKey;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The grammar of snapshot file names, the one rule the library, the CLI and hosts share:
 * {@code <label>_<yyyyMMdd'T'HHmmss'Z'>[_<suffix>].gz.enc}, or {@code .gz} for a plaintext archive.
 * The time is UTC to the second; the optional suffix (1-16 lower-case letters or digits) tells apart
 * snapshots taken in the same second and re-keyed copies.
 *
 * <p>A name is built only from a {@link SnapshotLabel}, an instant and a validated suffix, so no input
 * can shape a storage path; {@link #parse} is strict, so foreign objects (manifests, pins, anything
 * else in the folder) are not snapshots.
 *
 * @param label the snapshot's label
 * @param createdAt when it was taken, whole seconds
 * @param suffix the disambiguating suffix, if any
 * @param encrypted {@code .gz.enc} (DBK1) or {@code .gz} (plaintext)
 */
public record SnapshotName(SnapshotLabel label, Instant createdAt, Optional<String> suffix, boolean encrypted) {
    /** Extension of encrypted archives. */
    public static final String ENCRYPTED_EXTENSION = ".gz.enc";
    /** Extension of plaintext archives. */
    public static final String PLAIN_EXTENSION = ".gz";
    /** Suffix of the manifest beside an archive. */
    public static final String MANIFEST_SUFFIX = ".manifest.json";
    /** Suffix of the pin (legal hold) marker beside an archive. */
    public static final String PIN_SUFFIX = ".pin";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC).withResolverStyle(ResolverStyle.STRICT);
    private static final Pattern SUFFIX = Pattern.compile("[a-z0-9]{1,16}");
    private static final Pattern NAME = Pattern.compile(
            "(monthly|15-day|7-day|3-day|24-hour|daily|manual|pre-restore)_(\\d{8}T\\d{6}Z)(?:_([a-z0-9]{1,16}))?(\\.gz\\.enc|\\.gz)");

    /** Newest first: time, then suffix (none, 2, 3, ..., 10, then letters), then the whole name. */
    public static final Comparator<SnapshotName> NEWEST_FIRST = Comparator.comparing(SnapshotName::createdAt)
            .thenComparing(n -> n.suffix().orElse(""), SnapshotName::compareSuffix)
            .thenComparing(SnapshotName::fileName)
            .reversed();

    /**
     * Validates.
     *
     * @throws InvalidNameException if the suffix is not 1-16 lower-case letters or digits, or the
     *     time is before year 0 or after year 9999
     */
    public SnapshotName {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(suffix, "suffix");
        createdAt = createdAt.truncatedTo(ChronoUnit.SECONDS);
        if (suffix.isPresent() && !SUFFIX.matcher(suffix.get()).matches()) {
            throw new InvalidNameException("Snapshot name suffix '" + suffix.get()
                    + "' is not allowed; use 1-16 lower-case letters or digits.");
        }
        if (createdAt.isBefore(Instant.parse("0000-01-01T00:00:00Z")) || createdAt.isAfter(Instant.parse("9999-12-31T23:59:59Z"))) {
            throw new InvalidNameException("A snapshot time must be within years 0000-9999; got " + createdAt + ".");
        }
    }

    /**
     * @param label the label
     * @param createdAt the time (truncated to seconds)
     * @param encrypted DBK1 or plaintext
     * @return the name without a suffix
     */
    public static SnapshotName of(SnapshotLabel label, Instant createdAt, boolean encrypted) {
        return new SnapshotName(label, createdAt, Optional.empty(), encrypted);
    }

    /**
     * @param fileName an object name from a listing, or a name typed by an operator
     * @return what it says, or empty if it is not a snapshot name
     */
    public static Optional<SnapshotName> parse(String fileName) {
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
        return Optional.of(new SnapshotName(SnapshotLabel.fromLabel(m.group(1)), at, Optional.ofNullable(m.group(3)),
                m.group(4).equals(ENCRYPTED_EXTENSION)));
    }

    /**
     * @param fileName a name that must be a snapshot's
     * @return what it says
     * @throws InvalidNameException naming the grammar if it is not one
     */
    public static SnapshotName require(String fileName) {
        return parse(fileName).orElseThrow(() -> new InvalidNameException("'" + printable(fileName)
                + "' is not a snapshot file name; names look like manual_20261126T100000Z.gz.enc "
                + "(<label>_<UTC yyyyMMdd'T'HHmmss'Z'>[_<suffix>].gz.enc, or .gz for plaintext)."));
    }

    /** @return the file name, for example {@code manual_20261126T100000Z_2.gz.enc} */
    public String fileName() {
        StringBuilder b = new StringBuilder(label.label()).append('_').append(STAMP.format(createdAt));
        suffix.ifPresent(s -> b.append('_').append(s));
        b.append(encrypted ? ENCRYPTED_EXTENSION : PLAIN_EXTENSION);
        return StorageKey.requireValidFileName(b.toString());
    }

    /**
     * @param newSuffix the suffix, or null for none
     * @return the same snapshot name with another suffix
     */
    public SnapshotName withSuffix(String newSuffix) {
        return new SnapshotName(label, createdAt, Optional.ofNullable(newSuffix), encrypted);
    }

    /** @return the file name of the manifest beside this archive */
    public String manifestFileName() {
        return fileName() + MANIFEST_SUFFIX;
    }

    /** @return the file name of this archive's pin (legal hold) marker */
    public String pinFileName() {
        return fileName() + PIN_SUFFIX;
    }

    @Override
    public String toString() {
        return fileName();
    }

    private static String printable(String s) {
        if (s == null) {
            return "null";
        }
        String t = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return t.replaceAll("\\p{Cntrl}", "?");
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
