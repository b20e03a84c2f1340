package com.daaisuite.backup.storage.fs;

import com.daaisuite.backup.ConfigurationException;
import com.daaisuite.backup.core.spi.StorageBackend;
import com.daaisuite.backup.core.spi.StorageBackendFactory;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Set;

/**
 * Serves {@code file:} storage URIs, found through {@link java.util.ServiceLoader}:
 * <ul>
 *   <li>{@code file:/var/lib/daai/backups} or {@code file:///var/lib/daai/backups} — an absolute path;
 *   <li>{@code file:backups} or {@code file:./backups} — a path relative to the working directory.
 * </ul>
 * The directory must exist and be writable. A host other than {@code localhost}, a query or a
 * fragment is refused: mount network shares and name their local path.
 */
public final class FileSystemStorageBackendFactory implements StorageBackendFactory {

    /** Used by {@link java.util.ServiceLoader}. */
    public FileSystemStorageBackendFactory() {}

    @Override
    public Set<String> schemes() {
        return Set.of("file");
    }

    @Override
    public StorageBackend create(URI uri) {
        if (uri == null || !"file".equalsIgnoreCase(uri.getScheme())) {
            throw new ConfigurationException("Not a file: storage URI: " + uri + ". Use file:/absolute/path"
                    + " or file:relative/path.");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new ConfigurationException("The storage URI " + uri + " has a query or fragment, which file:"
                    + " URIs do not take. Use file:/absolute/path or file:relative/path.");
        }
        String path;
        if (uri.isOpaque()) {
            path = uri.getSchemeSpecificPart();
        } else {
            String host = uri.getAuthority();
            if (host != null && !host.isEmpty() && !host.equalsIgnoreCase("localhost")) {
                throw new ConfigurationException("The storage URI " + uri + " names the host " + host
                        + "; mount the share locally and use file: with its local path.");
            }
            path = uri.getPath();
        }
        if (path == null || path.isEmpty()) {
            throw new ConfigurationException("The storage URI " + uri + " names no directory. Use"
                    + " file:/absolute/path or file:relative/path.");
        }
        try {
            return FileSystemStorageBackend.at(Path.of(path));
        } catch (InvalidPathException e) {
            throw new ConfigurationException("The storage URI " + uri + " is not a valid path on this system: "
                    + e.getMessage(), e);
        }
    }
}
