package com.daaisuite.backup.examples.cli;

import com.daaisuite.backup.RefusedException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;

/**
 * The folder {@code restore --archive} writes its pre-restore safety backup into when no
 * {@code --safety-storage} is given: {@code daai-backup-safety} beside the archive, often in a folder
 * others can write to (a shared drop folder). No link is ever followed there: a symbolic link planted
 * as the folder (or as the tenant's folder inside it) would send the safety backup, a full copy of the
 * live database, wherever its owner points. The folder is created owner-only ({@code rwx------}) with
 * a call that fails rather than follow an existing name; an existing one must be a real folder of
 * this user that nobody else can write to.
 */
final class SafetyFolder {
    private static final Set<PosixFilePermission> OTHERS_WRITE = Set.of(PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_WRITE);

    private SafetyFolder() {}

    /** Refused because following the folder could send the safety backup elsewhere; CLI exit 4. */
    static final class UnsafeFolderException extends RefusedException {
        private static final long serialVersionUID = 1L;

        UnsafeFolderException(String message) {
            super(message);
        }
    }

    /**
     * Creates or checks the safety folder.
     *
     * @param folder the folder
     * @param tenantId the tenant whose subfolder the safety backup goes into
     * @return the folder
     * @throws UnsafeFolderException if it is a link, not a folder, another user's, or writable by others
     * @throws IOException if it cannot be created or read
     */
    static Path prepare(Path folder, String tenantId) throws IOException {
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        try {
            if (posix) {
                Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectory(folder);
            }
            return folder;
        } catch (FileAlreadyExistsException exists) {
            // Someone made it before: check what it is without following it.
        }
        check(folder, posix, "the safety folder");
        Path tenant = folder.resolve(tenantId);
        if (Files.exists(tenant, LinkOption.NOFOLLOW_LINKS)) {
            check(tenant, posix, "the tenant's folder in the safety folder");
            Path backups = tenant.resolve("db-backups");
            if (Files.exists(backups, LinkOption.NOFOLLOW_LINKS)) {
                check(backups, posix, "the safety backups' folder");
            }
        }
        return folder;
    }

    private static void check(Path p, boolean posix, String what) throws IOException {
        if (Files.isSymbolicLink(p)) {
            throw refused(p, what + " is a symbolic link (to " + Files.readSymbolicLink(p) + ")");
        }
        if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            throw refused(p, what + " exists and is not a folder");
        }
        if (posix) {
            PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            UserPrincipal me;
            try {
                me = p.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(System.getProperty("user.name"));
            } catch (IOException unknownUser) {
                me = null; // a user without a name (a container's bare uid): the permission check below still holds
            }
            if (me != null && !a.owner().equals(me)) {
                throw refused(p, what + " belongs to " + a.owner().getName() + ", not to " + me.getName());
            }
            if (a.permissions().stream().anyMatch(OTHERS_WRITE::contains)) {
                throw refused(p, what + " can be written by others (" + PosixFilePermissions.toString(a.permissions())
                        + "), who could plant links in it");
            }
        }
    }

    private static UnsafeFolderException refused(Path p, String why) {
        return new UnsafeFolderException("The pre-restore safety backup was not written to " + p + ": " + why
                + ". No link is followed there, so nothing was restored or changed. Remove it, or pass --safety-storage"
                + " with a folder only you can write to.");
    }
}
