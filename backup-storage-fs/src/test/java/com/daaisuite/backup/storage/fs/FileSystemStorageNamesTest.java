package com.daaisuite.backup.storage.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.daaisuite.backup.ConfigurationException;
import com.daaisuite.backup.core.InvalidNameException;
import com.daaisuite.backup.core.StorageException;
import com.daaisuite.backup.core.spi.StorageBackend;
import com.daaisuite.backup.core.spi.StorageBackendFactory;
import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.core.spi.StorageUpload;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
/**
 * The filesystem backend's own edges beyond the storage contract: hostile names and symbolic links never
 * lead outside the root, a bad root is refused with a clear message, and the {@code file:} factory.
 */
class FileSystemStorageNamesTest {

    @TempDir
    Path root;

    // ------------------------------------------------------------------ names and symbolic links

    @Test
    void traversalNamesNeverReachTheBackend() {
        FileSystemStorageBackend fs = FileSystemStorageBackend.at(root);

        for (String bad : List.of("..", "../x", "a/b", "/etc", "a\\b", ".hidden", "a\u0000b", "\u0430cme")) {
            assertThatThrownBy(() -> StorageKey.of("acme", bad)).as(bad).isInstanceOf(InvalidNameException.class);
            assertThatThrownBy(() -> fs.list(bad)).as(bad).isInstanceOf(InvalidNameException.class);
            assertThatThrownBy(() -> fs.freeSpace(bad)).as(bad).isInstanceOf(InvalidNameException.class);
            assertThatThrownBy(() -> fs.removeStaleUploads(bad)).as(bad).isInstanceOf(InvalidNameException.class);
        }
    }

    @Test
    void aTenantFolderThatIsASymlinkLeadingOutsideTheRootIsRefused() throws IOException {
        Path outside = Files.createDirectories(root.resolve("outside/db-backups"));
        Path storage = Files.createDirectory(root.resolve("storage"));
        Files.createSymbolicLink(storage.resolve("evil"), outside.getParent());
        Files.write(outside.resolve("secret.bin"), new byte[3]);
        FileSystemStorageBackend fs = FileSystemStorageBackend.at(storage);
        StorageKey key = StorageKey.of("evil", "secret.bin");

        assertThatThrownBy(() -> fs.openUpload(StorageKey.of("evil", "new.bin"))).isInstanceOf(StorageException.class)
                .hasMessageContaining("outside the storage root");
        assertThatThrownBy(() -> fs.openRead(key)).isInstanceOf(StorageException.class)
                .hasMessageContaining("outside the storage root");
        assertThatThrownBy(() -> fs.list("evil")).isInstanceOf(StorageException.class);
        assertThatThrownBy(() -> fs.delete(List.of(key))).isInstanceOf(StorageException.class);
        assertThatThrownBy(() -> fs.freeSpace("evil")).isInstanceOf(StorageException.class);

        assertThat(FileSystemStorageBackendTest.entries(outside)).containsExactly("secret.bin");
    }

    @Test
    void aDbBackupsFolderThatIsASymlinkLeadingOutsideTheRootIsRefused() throws IOException {
        Path outside = Files.createDirectories(root.resolve("outside"));
        Path storage = Files.createDirectories(root.resolve("storage/acme"));
        Files.createSymbolicLink(storage.resolve("db-backups"), outside);
        FileSystemStorageBackend fs = FileSystemStorageBackend.at(storage.getParent());

        assertThatThrownBy(() -> fs.openUpload(StorageKey.of("acme", "new.bin"))).isInstanceOf(StorageException.class)
                .hasMessageContaining("outside the storage root");
        assertThatThrownBy(() -> fs.list("acme")).isInstanceOf(StorageException.class);
        assertThat(FileSystemStorageBackendTest.entries(outside)).isEmpty();
    }

    @Test
    void aTenantFolderLinkedToAnotherTenantsFolderIsRefused() throws IOException {
        FileSystemStorageBackend fs = FileSystemStorageBackend.at(root);
        try (StorageUpload u = fs.openUpload(StorageKey.of("beta", "b.bin"))) {
            u.commit();
        }
        Files.createSymbolicLink(root.resolve("acme"), root.resolve("beta"));
        Files.createDirectories(root.resolve("gamma"));
        Files.createSymbolicLink(root.resolve("gamma/db-backups"), root.resolve("beta/db-backups"));

        assertThatThrownBy(() -> fs.list("acme")).isInstanceOf(StorageException.class)
                .hasMessageContaining("tenant beta");
        assertThatThrownBy(() -> fs.list("gamma")).isInstanceOf(StorageException.class)
                .hasMessageContaining("tenant beta");
    }

    @Test
    void aTenantFolderLinkedElsewhereInsideTheRootIsFollowed() throws IOException {
        Path volume = Files.createDirectories(root.resolve("volumes/disk2/acme"));
        Files.createSymbolicLink(root.resolve("acme"), volume);
        FileSystemStorageBackend fs = FileSystemStorageBackend.at(root);

        try (StorageUpload u = fs.openUpload(StorageKey.of("acme", "a.bin"))) {
            u.write(7);
            u.commit();
        }

        assertThat(volume.resolve("db-backups/a.bin")).hasBinaryContent(new byte[] {7});
        assertThat(fs.list("acme")).extracting(o -> o.key().fileName()).containsExactly("a.bin");
    }

    @Test
    void aFileThatIsASymlinkIsNeverRead() throws IOException {
        FileSystemStorageBackend fs = FileSystemStorageBackend.at(root);
        Path folder = Files.createDirectories(root.resolve("acme/db-backups"));
        Path target = Files.write(root.resolve("target.bin"), new byte[] {1, 2, 3});
        Files.createSymbolicLink(folder.resolve("link.bin"), target);

        assertThatThrownBy(() -> fs.openRead(StorageKey.of("acme", "link.bin"))).isInstanceOf(StorageException.class)
                .hasMessageContaining("symbolic link");
    }

    @Test
    void aTenantPathOccupiedByAFileGivesAClearError() throws IOException {
        Files.write(root.resolve("acme"), new byte[1]);
        Files.createDirectories(root.resolve("beta"));
        Files.write(root.resolve("beta/db-backups"), new byte[1]);
        FileSystemStorageBackend fs = FileSystemStorageBackend.at(root);

        assertThatThrownBy(() -> fs.openUpload(StorageKey.of("acme", "a.bin"))).isInstanceOf(StorageException.class)
                .hasMessageContaining("tenant acme").hasMessageContaining("is not a directory");
        assertThatThrownBy(() -> fs.list("beta")).isInstanceOf(StorageException.class)
                .hasMessageContaining("tenant beta").hasMessageContaining("is not a directory");
    }

    // ------------------------------------------------------------------ the root

    @Test
    void aRootThatDoesNotExistIsRefusedWithAClearMessage() {
        Path missing = root.resolve("missing");

        assertThatThrownBy(() -> FileSystemStorageBackend.at(missing)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(missing.toString()).hasMessageContaining("does not exist");
    }

    @Test
    void aRootThatIsAFileIsRefused() throws IOException {
        Path file = Files.write(root.resolve("file"), new byte[1]);

        assertThatThrownBy(() -> FileSystemStorageBackend.at(file)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("is not a directory");
    }

    @Test
    void aRootThatIsNotWritableIsRefused() throws IOException {
        assumeTrue(root.getFileSystem().supportedFileAttributeViews().contains("posix"));
        assumeFalse("root".equals(System.getProperty("user.name")), "root can write anywhere");
        Path readOnly = Files.createDirectory(root.resolve("ro"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("r-x------")));

        assertThatThrownBy(() -> FileSystemStorageBackend.at(readOnly)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("is not writable");
    }

    @Test
    void describeNamesTheRootAsAFileUri() {
        FileSystemStorageBackend fs = FileSystemStorageBackend.at(root);

        assertThat(fs.describe()).startsWith("file:").isEqualTo(fs.root().toUri().toString());
        assertThat(URI.create(fs.describe())).isEqualTo(fs.root().toUri());
    }

    @Test
    void freeSpaceComesFromTheFileStore() throws IOException {
        FileSystemStorageBackend fs = FileSystemStorageBackend.at(root);
        long total = Files.getFileStore(root).getTotalSpace();

        assertThat(fs.freeSpace("acme")).isPresent();
        assertThat(fs.freeSpace("acme").getAsLong()).isPositive().isLessThanOrEqualTo(total);
    }

    // ------------------------------------------------------------------ the factory

    @Test
    void theFactoryIsFoundByServiceLoaderForFileUris() {
        assertThat(ServiceLoader.load(StorageBackendFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.schemes().contains("file")).collect(Collectors.toList()))
                .singleElement().isInstanceOf(FileSystemStorageBackendFactory.class);
    }

    @Test
    void theFactoryAcceptsAbsoluteFileUris() throws IOException {
        FileSystemStorageBackendFactory factory = new FileSystemStorageBackendFactory();
        String realRoot = root.toRealPath().toString();

        for (URI uri : List.of(root.toUri(), URI.create("file:" + realRoot), URI.create("file://localhost" + realRoot))) {
            StorageBackend backend = factory.create(uri);
            assertThat(backend.describe()).as(uri.toString()).isEqualTo(root.toRealPath().toUri().toString());
        }
    }

    @Test
    void theFactoryResolvesRelativeFileUrisAgainstTheWorkingDirectory() throws IOException {
        Path relative = Path.of("target", "relative-root-" + System.nanoTime());
        Files.createDirectories(relative);
        try {
            StorageBackend backend = new FileSystemStorageBackendFactory().create(URI.create("file:" + relative));
            StorageBackend dotted = new FileSystemStorageBackendFactory().create(URI.create("file:./" + relative));

            assertThat(backend.describe()).isEqualTo(relative.toRealPath().toUri().toString());
            assertThat(dotted.describe()).isEqualTo(backend.describe());
        } finally {
            Files.delete(relative);
        }
    }

    @Test
    void theFactoryRefusesRemoteHostsQueriesAndMissingDirectories() {
        FileSystemStorageBackendFactory factory = new FileSystemStorageBackendFactory();

        assertThatThrownBy(() -> factory.create(URI.create("file://fileserver/share")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("fileserver");
        assertThatThrownBy(() -> factory.create(URI.create(root.toUri() + "?x=1")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("query");
        assertThatThrownBy(() -> factory.create(root.resolve("missing").toUri()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> factory.create(URI.create("s3://bucket/x")))
                .isInstanceOf(ConfigurationException.class);
        assertThat(factory.schemes()).containsExactly("file");
    }
}
