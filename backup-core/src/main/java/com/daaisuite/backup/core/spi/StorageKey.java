package com.daaisuite.backup.core.spi;

import com.daaisuite.backup.core.InvalidNameException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The address of one object in a tenant's {@code db-backups} folder: {@code <tenant>/db-backups/<file>}.
 *
 * <p>Both parts are validated on construction, so no backend ever sees a name that could escape a
 * tenant's folder: ASCII letters, digits and {@code . _ -} (and {@code +} in file names) only, no
 * leading dot (hidden names are reserved for backends' temporary files), no {@code ..}, bounded length.
 * Non-ASCII is refused outright, which also refuses look-alike characters.
 *
 * @param tenantId the tenant id
 * @param fileName the file name inside the tenant's {@code db-backups} folder
 */
public record StorageKey(String tenantId, String fileName) {
    /** The folder inside each tenant's storage location that holds its backups. */
    public static final String FOLDER = "db-backups";
    /** Longest tenant id accepted. */
    public static final int MAX_TENANT_ID_LENGTH = 64;
    /** Longest file name accepted. */
    public static final int MAX_FILE_NAME_LENGTH = 200;

    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*");

    public StorageKey {
        requireValidTenantId(tenantId);
        requireValidFileName(fileName);
    }

    /** @return {@code <tenant>/db-backups/<file>}, the path relative to a backend's root */
    public String path() {
        return tenantId + "/" + FOLDER + "/" + fileName;
    }

    /**
     * @param tenantId a tenant id
     * @return {@code <tenant>/db-backups/}, the prefix under which a tenant's objects live
     */
    public static String folderOf(String tenantId) {
        return requireValidTenantId(tenantId) + "/" + FOLDER + "/";
    }

    /**
     * Checks a tenant id.
     *
     * @param tenantId the id
     * @return the id, unchanged
     * @throws InvalidNameException saying what is wrong, if it is not acceptable
     */
    public static String requireValidTenantId(String tenantId) {
        return check("tenant id", tenantId, TENANT, MAX_TENANT_ID_LENGTH,
                "letters, digits, '.', '_' and '-', starting with a letter or digit");
    }

    /**
     * Checks a file name.
     *
     * @param fileName the name
     * @return the name, unchanged
     * @throws InvalidNameException saying what is wrong, if it is not acceptable
     */
    public static String requireValidFileName(String fileName) {
        return check("file name", fileName, FILE, MAX_FILE_NAME_LENGTH,
                "letters, digits, '.', '_', '+' and '-', starting with a letter or digit");
    }

    private static String check(String what, String value, Pattern pattern, int max, String allowed) {
        if (value == null || value.isEmpty()) {
            throw new InvalidNameException("The " + what + " is empty; use " + allowed + ".");
        }
        if (value.length() > max) {
            throw new InvalidNameException("The " + what + " is " + value.length()
                    + " characters long; at most " + max + " are allowed.");
        }
        if (!pattern.matcher(value).matches() || value.contains("..")) {
            throw new InvalidNameException("The " + what + " '" + printable(value)
                    + "' is not allowed: use only " + allowed + ", with no '..' and no path separators.");
        }
        return value;
    }

    /** Escapes control and non-ASCII characters so a hostile name cannot forge log lines. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        int n = Math.min(s.length(), 80);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                b.append(c);
            } else {
                b.append(String.format("\\u%04x", (int) c));
            }
        }
        if (s.length() > n) {
            b.append("...");
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return path();
    }

    /**
     * @param tenantId tenant id
     * @param fileName file name
     * @return the key
     */
    public static StorageKey of(String tenantId, String fileName) {
        return new StorageKey(Objects.requireNonNull(tenantId, "tenantId"), Objects.requireNonNull(fileName, "fileName"));
    }
}
