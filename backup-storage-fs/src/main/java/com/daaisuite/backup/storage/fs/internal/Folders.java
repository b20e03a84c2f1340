package com.daaisuite.backup.storage.fs.internal;

import com.daaisuite.backup.core.StorageException;
import com.daaisuite.backup.core.spi.StorageKey;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The layout {@code <root>/<tenant>/db-backups/<file>}, its confinement to the root, temporary file
 * names and the removal of crash leftovers.
 *
 * <p>Confinement is checked on every operation by resolving the real path of the tenant's folders:
 * a symbolic link may lead elsewhere inside the root (an operator moving a tenant to another
 * directory), but never outside it and never into another tenant's folder. The check and the use
 * are not one atomic step; someone who can replace folders inside the root between the two can
 * already read and write every tenant's backups, so the check guards against misconfiguration and
 * planted links, not against a hostile owner of the root.
 */
public final class Folders {

    private static final Logger LOG = LoggerFactory.getLogger(Folders.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** {@code .<file>.<16 hex>.partial}: what {@link #newTempName(String)} makes and cleanup removes. */
    private static final Pattern TEMP = Pattern.compile("\\..+\\.[0-9a-f]{16}\\.partial");

    private final Path root;
    private final String description;

    /**
     * @param root the real path of an existing root directory
     * @param description how the backend describes itself in messages
     */
    public Folders(Path root, String description) {
        this.root = root;
        this.description = description;
    }

    /** @return the root, a real path */
    public Path root() {
        return root;
    }

    /**
     * The real path of a tenant's {@code db-backups} folder, created if asked.
     *
     * @param tenantId a tenant id (validated here)
     * @param create whether to create missing folders
     * @return the folder, or null if it does not exist and {@code create} is false
     * @throws IOException if a folder cannot be created or resolved
     * @throws StorageException if a folder leads outside the root or into another tenant's folder
     */
    public Path folder(String tenantId, boolean create) throws IOException {
        StorageKey.requireValidTenantId(tenantId);
        Path tenantDir = root.resolve(tenantId);
        if (Files.exists(tenantDir, LinkOption.NOFOLLOW_LINKS)) {
            requireConfined(tenantId, tenantDir, 1);
        } else if (!create) {
            requireRoot();
            return null;
        } else {
            createDirectory(tenantDir, root);
        }
        Path folder = tenantDir.resolve(StorageKey.FOLDER);
        if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            if (!create) {
                return null;
            }
            // Resolve first: the tenant folder may legitimately be a link elsewhere inside the root.
            createDirectory(requireConfined(tenantId, tenantDir, 1).resolve(StorageKey.FOLDER), tenantDir);
        }
        return requireConfined(tenantId, folder, 2);
    }

    /**
     * A tenant without a folder has no snapshots, but only while the root is there: a root that was
     * removed or unmounted must be an error, never an empty list that looks like "no backups yet".
     */
    private void requireRoot() {
        if (!Files.isDirectory(root)) {
            throw new StorageException("The storage root " + description + " cannot be read: it is missing or not a"
                    + " directory (unmounted, moved or deleted). Mount or restore it; nothing was changed.");
        }
    }

    /**
     * Resolves a path's real location and refuses it unless it lies inside the root, is a directory,
     * and (when it sits directly in the root's layout) belongs to this tenant.
     */
    private Path requireConfined(String tenantId, Path path, int depth) throws IOException {
        Path real;
        try {
            real = path.toRealPath();
        } catch (NoSuchFileException e) {
            throw new StorageException("The folder " + path + " of tenant " + tenantId + " in " + description
                    + " is a symbolic link to something that does not exist; remove the link or restore its target.", e);
        }
        if (!real.startsWith(root)) {
            throw new StorageException("Refused: the folder " + path + " of tenant " + tenantId + " is a symbolic link"
                    + " leading outside the storage root " + root + " (to " + real + "). Move the data inside the root"
                    + " or remove the link.");
        }
        Path relative = root.relativize(real);
        boolean otherTenant = relative.getNameCount() == depth
                && !relative.getName(0).toString().equals(tenantId)
                && (depth == 1 || relative.getName(1).toString().equals(StorageKey.FOLDER));
        if (otherTenant) {
            throw new StorageException("Refused: the folder " + path + " of tenant " + tenantId
                    + " is a symbolic link into the folder of tenant " + relative.getName(0)
                    + "; tenants never share a folder. Remove the link.");
        }
        if (!Files.isDirectory(real)) {
            throw new StorageException("The path " + path + " of tenant " + tenantId + " in " + description
                    + " is not a directory; move the file away so backups can be stored there.");
        }
        return real;
    }

    private static void createDirectory(Path dir, Path parent) throws IOException {
        try {
            Files.createDirectory(dir);
            // Make the new directory entry itself durable, or a crash could lose a committed archive's folder.
            syncDirectory(parent);
        } catch (FileAlreadyExistsException raced) {
            // Another thread or process created it first: fine, confinement is checked next.
        }
    }

    /**
     * Flushes a directory's entries to disk, so that a rename or link survives a crash. Platforms that
     * cannot open a directory (Windows) make renames durable on their own, so failure is tolerated.
     *
     * @param dir the directory
     */
    public static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            LOG.debug("Could not fsync directory {}: {}", dir, e.toString());
        }
    }

    /**
     * @param fileName the final file name
     * @return a fresh hidden name for its temporary file in the same folder
     */
    public static String newTempName(String fileName) {
        byte[] r = new byte[8];
        RANDOM.nextBytes(r);
        return "." + fileName + "." + HexFormat.of().formatHex(r) + ".partial";
    }

    /**
     * @param name a directory entry's name
     * @return whether it is an upload's temporary file
     */
    public static boolean isTempName(String name) {
        return TEMP.matcher(name).matches();
    }

    /**
     * Deletes temporary files older than {@code minAge} (by modification time) from a folder. Younger
     * ones may belong to an upload still running in another process sharing the folder (NFS), so
     * they are left alone.
     *
     * @param folder the folder
     * @param minAge the age from which a temporary file counts as a crash leftover
     * @return how many were deleted
     * @throws IOException if the folder cannot be read
     */
    public static int removeStaleTemps(Path folder, Duration minAge) throws IOException {
        Instant cutoff = Instant.now().minus(minAge);
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder, ".*.partial")) {
            for (Path p : entries) {
                if (!isTempName(p.getFileName().toString())) {
                    continue;
                }
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    if (a.isRegularFile() && a.lastModifiedTime().toInstant().isBefore(cutoff)
                            && Files.deleteIfExists(p)) {
                        removed++;
                        LOG.info("Removed the leftover of an interrupted upload: {}", p);
                    }
                } catch (NoSuchFileException gone) {
                    // Removed concurrently.
                }
            }
        } catch (NoSuchFileException gone) {
            return removed;
        }
        return removed;
    }
}
