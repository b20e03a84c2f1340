package com.daaisuite.backup.mongo.internal;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * The reserved names of one restore: {@code <prefix><id>_s<n>} for the staging collection of the
 * snapshot's n-th collection, {@code <prefix><id>_a<n>} for the n-th live collection set aside and
 * {@code <prefix><id>_v<n>} for the snapshot's n-th view while it is tried before the swap,
 * where {@code id} is 6 random characters {@code [a-z0-9]} fixed for the restore.
 *
 * <p>The names do not depend on the user's collection names, so a collection whose name is at the
 * server's namespace limit restores as well as a short one: with the default prefix a reserved name
 * is 24 to 28 bytes long, shorter than any name near the limit. It is longer than a user's name
 * only when that name is shorter than about 24 bytes; it then fits unless the database name alone
 * leaves less than 28 bytes of the namespace limit, which {@link NamespaceLimit#check} reports
 * before anything is written. Which names are reserved is never guessed from the prefix: the
 * restore journal lists them, and only listed names are ever dropped.
 */
public final class RestoreNames {
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final Pattern ID = Pattern.compile("[a-z0-9]{6}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String prefix;
    private final String restoreId;

    public RestoreNames(String prefix, String restoreId) {
        if (!ID.matcher(restoreId).matches()) {
            throw new IllegalArgumentException("a restore id is 6 characters a-z0-9; was '" + restoreId + "'");
        }
        this.prefix = prefix;
        this.restoreId = restoreId;
    }

    /** @return names for a new restore, with a fresh random id */
    public static RestoreNames fresh(String prefix) {
        StringBuilder b = new StringBuilder(6);
        for (int i = 0; i < 6; i++) {
            b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return new RestoreNames(prefix, b.toString());
    }

    public String restoreId() {
        return restoreId;
    }

    /** @param ordinal 1-based position of the collection in the snapshot */
    public String staging(int ordinal) {
        return prefix + restoreId + "_s" + ordinal;
    }

    /** @param ordinal 1-based position of the live collection set aside */
    public String aside(int ordinal) {
        return prefix + restoreId + "_a" + ordinal;
    }

    /** @param ordinal 1-based position of the snapshot's view tried under a reserved name before the swap */
    public String probe(int ordinal) {
        return prefix + restoreId + "_v" + ordinal;
    }

    /** @return the length in bytes of the longest reserved name for {@code count} collections */
    public int longestBytes(int count) {
        return staging(Math.max(1, count)).getBytes(StandardCharsets.UTF_8).length;
    }
}
