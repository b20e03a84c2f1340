package com.daaisuite.backup.core.internal;

import com.daaisuite.backup.core.SnapshotLabel;
import com.daaisuite.backup.core.SnapshotName;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;

/**
 * Archive file names as the engine uses them: the grammar itself is the public {@link SnapshotName};
 * this adds the free-name search and the names of the objects beside an archive.
 */
public final class ArchiveNames {
    /** Extension of encrypted archives. */
    public static final String ENCRYPTED_EXT = SnapshotName.ENCRYPTED_EXTENSION;
    /** Extension of plaintext archives. */
    public static final String PLAIN_EXT = SnapshotName.PLAIN_EXTENSION;
    /** Suffix of the manifest beside an archive. */
    public static final String MANIFEST_SUFFIX = SnapshotName.MANIFEST_SUFFIX;
    /** Suffix of the pin (legal hold) marker beside an archive. */
    public static final String PIN_SUFFIX = SnapshotName.PIN_SUFFIX;

    /** What a file name says. */
    public record Parsed(String fileName, SnapshotLabel label, Instant createdAt, Optional<String> suffix, boolean encrypted) {}

    /** Newest first: time, then suffix (none, 2, 3, ..., 10, then letters), then name. */
    public static final Comparator<Parsed> NEWEST_FIRST = Comparator.comparing(
            (Parsed p) -> new SnapshotName(p.label(), p.createdAt(), p.suffix(), p.encrypted()), SnapshotName.NEWEST_FIRST);

    private ArchiveNames() {}

    /**
     * @param label the label
     * @param createdAt when (truncated to seconds)
     * @param suffix a disambiguating suffix, lower-case letters and digits, or null
     * @param encrypted DBK1 or plaintext
     * @return the file name
     */
    public static String name(SnapshotLabel label, Instant createdAt, String suffix, boolean encrypted) {
        return new SnapshotName(label, createdAt, Optional.ofNullable(suffix), encrypted).fileName();
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
        return SnapshotName.parse(fileName).map(n -> new Parsed(fileName, n.label(), n.createdAt(), n.suffix(), n.encrypted()));
    }

    /** @param archive archive file name @return its manifest's file name */
    public static String manifestOf(String archive) {
        return archive + MANIFEST_SUFFIX;
    }

    /** @param archive archive file name @return its pin marker's file name */
    public static String pinOf(String archive) {
        return archive + PIN_SUFFIX;
    }
}
