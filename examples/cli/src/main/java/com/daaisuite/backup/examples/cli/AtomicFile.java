package com.daaisuite.backup.examples.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An output file that appears only when complete: written beside the target under a hidden
 * temporary name and renamed at the end, so a failure (a tampered segment halfway through) never
 * leaves a plausible-looking partial file.
 */
final class AtomicFile implements AutoCloseable {
    private final Path target;
    private final Path temp;
    private boolean committed;

    private AtomicFile(Path target, Path temp) {
        this.target = target;
        this.temp = temp;
    }

    static AtomicFile create(Path target) throws IOException {
        Path t = target.toAbsolutePath();
        if (Files.exists(t, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(t.toString());
        }
        Path dir = t.getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, "." + t.getFileName() + ".", ".partial");
        return new AtomicFile(t, temp);
    }

    OutputStream open() throws IOException {
        return Files.newOutputStream(temp);
    }

    Path temp() {
        return temp;
    }

    void commit() throws IOException {
        // Same folder, so this is a rename; without REPLACE_EXISTING a file that appeared meanwhile is never overwritten.
        Files.move(temp, target);
        committed = true;
    }

    @Override
    public void close() {
        if (!committed) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // Best effort: the temporary name is hidden and says .partial.
            }
        }
    }
}
