package com.daaisuite.backup.storage.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.daaisuite.backup.ConfigurationException;
import com.daaisuite.backup.core.ObjectExistsException;
import com.daaisuite.backup.core.SnapshotNotFoundException;
import com.daaisuite.backup.core.StorageException;
import com.daaisuite.backup.core.spi.StorageBackend;
import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.core.spi.StorageObject;
import com.daaisuite.backup.core.spi.StorageUpload;
import com.daaisuite.backup.testing.storage.StorageBackendContract;
import com.daaisuite.backup.storage.fs.internal.FaultHook;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemStorageBackendTest extends StorageBackendContract {

    @TempDir
    static Path shared;

    private static FileSystemStorageBackend contractBackend;

    @TempDir
    Path root;

    @BeforeAll
    static void createContractBackend() throws IOException {
        contractBackend = FileSystemStorageBackend.at(Files.createDirectory(shared.resolve("contract")));
    }

    @Override
    protected StorageBackend backend() {
        return contractBackend;
    }

    @Override
    protected boolean reportsFreeSpace() {
        return true;
    }

    /** The whole contract again, publishing with the locked rename used where hard links are refused. */
    @Nested
    class WithoutHardLinks extends StorageBackendContract {
        private FileSystemStorageBackend backend;

        @Override
        protected StorageBackend backend() {
            // Built lazily: the outer class's @TempDir is injected after this instance is constructed.
            if (backend == null) {
                backend = FileSystemStorageBackend.builder(root).hardLinks(false).build();
            }
            return backend;
        }

        @Override
        protected boolean reportsFreeSpace() {
            return true;
        }
    }

    // ------------------------------------------------------------------ layout and temporary files

    @Test
    void aRootThatDisappearedIsAStorageErrorNeverAnEmptyList() throws IOException {
        Path mount = Files.createDirectory(root.resolve("mount"));
        FileSystemStorageBackend fs = FileSystemStorageBackend.at(mount);
        assertThat(fs.list("acme")).isEmpty();
        Files.delete(mount);

        assertThatThrownBy(() -> fs.list("acme")).isInstanceOf(com.daaisuite.backup.core.StorageException.class)
                .hasMessageContaining("cannot be read").hasMessageContaining("missing or not a directory");
    }

    @Test
    void objectsAreStoredAtRootTenantDbBackupsFile() throws IOException {
        FileSystemStorageBackend fs = FileSystemStorageBackend.at(root);
        byte[] bytes = content(1, 1234);

        try (StorageUpload u = fs.openUpload(StorageKey.of("acme", "daily_20260101T010000Z.gz.enc"))) {
            u.write(bytes);
            u.commit();
        }

        assertThat(root.resolve("acme/db-backups/daily_20260101T010000Z.gz.enc")).hasBinaryContent(bytes);
        assertThat(entries(root.resolve("acme/db-backups"))).containsExactly("daily_20260101T010000Z.gz.enc");
    }

    @Test
    void anUploadWritesAHiddenTemporaryFileInTheSameFolderUntilCommit() throws IOException {
        FileSystemStorageBackend fs = FileSystemStorageBackend.at(root);
        Path folder = root.resolve("acme/db-backups");
        try (StorageUpload u = fs.openUpload(StorageKey.of("acme", "a.gz.enc"))) {
            u.write(content(2, 300_000));

            assertThat(entries(folder)).singleElement().asString().matches("\\.a\\.gz\\.enc\\.[0-9a-f]{16}\\.partial");
            assertThat(fs.list("acme")).isEmpty();

            u.commit();
        }
        assertThat(entries(folder)).containsExactly("a.gz.enc");
    }

    @Test
    void abortAndALostRaceRemoveTheTemporaryFile() throws IOException {
        FileSystemStorageBackend fs = FileSystemStorageBackend.at(root);
        Path folder = root.resolve("acme/db-backups");
        StorageUpload aborted = fs.openUpload(StorageKey.of("acme", "a.bin"));
        aborted.write(content(3, 200_000));
        aborted.abort();
        assertThat(entries(folder)).isEmpty();

        StorageKey key = StorageKey.of("acme", "b.bin");
        try (StorageUpload first = fs.openUpload(key); StorageUpload second = fs.openUpload(key)) {
            first.write(1);
            second.write(2);
            first.commit();
            assertThatThrownBy(second::commit).isInstanceOf(ObjectExistsException.class)
                    .hasMessageContaining("acme/db-backups/b.bin").hasMessageContaining("nothing was overwritten");
        }
        assertThat(entries(folder)).containsExactly("b.bin");
    }

    @Test
    void publishedFilesAreReadableByTheirOwnerOnly() throws IOException {
        assumeTrue(root.getFileSystem().supportedFileAttributeViews().contains("posix"));
        FileSystemStorageBackend fs = FileSystemStorageBackend.at(root);
        try (StorageUpload u = fs.openUpload(StorageKey.of("acme", "a.bin"))) {
            u.commit();
        }

        assertThat(Files.getPosixFilePermissions(root.resolve("acme/db-backups/a.bin")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void listingReportsTheFilesSizeAndModificationTime() throws IOException {
        FileSystemStorageBackend fs = FileSystemStorageBackend.at(root);
        StorageObject committed;
        try (StorageUpload u = fs.openUpload(StorageKey.of("acme", "a.bin"))) {
            u.write(new byte[777]);
            committed = u.commit();
        }
        Path file = root.resolve("acme/db-backups/a.bin");
        Instant mtime = Instant.parse("2026-02-03T04:05:06.789Z");
        Files.setLastModifiedTime(file, FileTime.from(mtime));

        assertThat(committed.size()).isEqualTo(777);
        assertThat(fs.list("acme")).containsExactly(new StorageObject(StorageKey.of("acme", "a.bin"), 777, mtime));
    }

    // ------------------------------------------------------------------ crash leftovers

    @Test
    void crashLeftoversAreNeverListedAndOnlyStaleOnesAreRemovedByTheNextUpload() throws IOException {
        FileSystemStorageBackend fs = FileSystemStorageBackend.at(root);
        Path folder = Files.createDirectories(root.resolve("acme/db-backups"));
        Path stale = Files.write(folder.resolve(".x.gz.enc.0123456789abcdef.partial"), new byte[100]);
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        // Written a minute ago: possibly another server's upload still running on a shared mount.
        Path fresh = Files.write(folder.resolve(".y.gz.enc.fedcba9876543210.partial"), new byte[100]);
        Files.setLastModifiedTime(fresh, FileTime.from(Instant.now().minus(Duration.ofMinutes(1))));

        assertThat(fs.list("acme")).isEmpty();

        fs.openUpload(StorageKey.of("acme", "z.bin")).abort();

        assertThat(entries(folder)).containsExactly(fresh.getFileName().toString());
        assertThat(fs.list("acme")).isEmpty();
    }

    @Test
    void removeStaleUploadsHonoursTheConfiguredAgeAndSparesOtherHiddenFiles() throws IOException {
        FileSystemStorageBackend fs = FileSystemStorageBackend.builder(root).staleUploadAge(Duration.ofMinutes(5)).build();
        Path folder = Files.createDirectories(root.resolve("acme/db-backups"));
        Path leftover = Files.write(folder.resolve(".x.0123456789abcdef.partial"), new byte[1]);
        Files.setLastModifiedTime(leftover, FileTime.from(Instant.now().minus(Duration.ofMinutes(6))));
        Path otherHidden = Files.write(folder.resolve(".keep-me"), new byte[1]);
        Files.setLastModifiedTime(otherHidden, FileTime.from(Instant.now().minus(Duration.ofDays(6))));

        assertThat(fs.removeStaleUploads("acme")).isEqualTo(1);
        assertThat(fs.removeStaleUploads("unknown")).isZero();
        assertThat(entries(folder)).containsExactly(".keep-me");
    }

    @Test
    void aStaleUploadAgeUnderOneMinuteIsRefused() {
        assertThatThrownBy(() -> FileSystemStorageBackend.builder(root).staleUploadAge(Duration.ofSeconds(30)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("staleUploadAge");
    }

    @Test
    void hiddenFilesDirectoriesSymlinksAndForeignNamesAreNotListed() throws IOException {
        FileSystemStorageBackend fs = FileSystemStorageBackend.at(root);
        Path folder = Files.createDirectories(root.resolve("acme/db-backups"));
        Files.write(folder.resolve("real.gz.enc"), new byte[5]);
        Files.write(folder.resolve(".hidden"), new byte[5]);
        Files.createDirectory(folder.resolve("sub.dir"));
        Files.write(folder.resolve("has space.bin"), new byte[5]);
        Path outside = Files.write(Files.createTempFile("outside", ".bin"), new byte[5]);
        try {
            Files.createSymbolicLink(folder.resolve("link.gz.enc"), outside);

            assertThat(fs.list("acme")).extracting(o -> o.key().fileName()).containsExactly("real.gz.enc");
        } finally {
            Files.delete(outside);
        }
    }

    // ------------------------------------------------------------------ a write that fails part way

    @Test
    void aWriteFailingPartWayGivesAClearErrorPublishesNothingAndRemovesTheTemporaryFile() throws IOException {
        AtomicInteger writes = new AtomicInteger();
        FileSystemStorageBackend fs = FileSystemStorageBackend.builder(root)
                .faultHook(new FaultHook() {
                    @Override
                    public void beforeWrite(Path temp, long position, int length) throws IOException {
                        if (writes.incrementAndGet() == 3) {
                            throw new IOException("No space left on device");
                        }
                    }
                }).build();
        StorageKey key = StorageKey.of("acme", "full.gz.enc");
        StorageUpload upload = fs.openUpload(key);
        byte[] chunk = content(4, 100_000);

        assertThatThrownBy(() -> {
            for (int i = 0; i < 10; i++) {
                upload.write(chunk);
            }
        }).isInstanceOf(StorageException.class)
                .hasMessageContaining("acme/db-backups/full.gz.enc")
                .hasMessageContaining("No space left on device")
                .hasMessageContaining("Nothing was published")
                .hasMessageContaining("check free space");

        assertThat(entries(root.resolve("acme/db-backups"))).isEmpty();
        assertThat(fs.list("acme")).isEmpty();
        assertThatThrownBy(upload::commit).isInstanceOf(IOException.class);
        assertThatCode(upload::close).doesNotThrowAnyException();
        assertThat(entries(root.resolve("acme/db-backups"))).isEmpty();
    }

    @Test
    void aFailureWhileCommittingTheLastBufferedBytesPublishesNothing() throws IOException {
        FileSystemStorageBackend fs = FileSystemStorageBackend.builder(root)
                .faultHook(new FaultHook() {
                    @Override
                    public void beforeWrite(Path temp, long position, int length) throws IOException {
                        throw new IOException("No space left on device");
                    }
                }).build();
        StorageKey key = StorageKey.of("acme", "small.bin");
        StorageUpload upload = fs.openUpload(key);
        upload.write(new byte[100]);

        assertThatThrownBy(upload::commit).isInstanceOf(StorageException.class)
                .hasMessageContaining("No space left on device");

        assertThat(entries(root.resolve("acme/db-backups"))).isEmpty();
        assertThatThrownBy(() -> fs.openRead(key)).isInstanceOf(SnapshotNotFoundException.class);
    }

    @Test
    void whereHardLinksAreRefusedCommitFallsBackToTheLockedRenameForGood() throws IOException {
        AtomicInteger links = new AtomicInteger();
        FileSystemStorageBackend fs = FileSystemStorageBackend.builder(root)
                .faultHook(new FaultHook() {
                    @Override
                    public void beforeLink(Path target, Path temp) throws IOException {
                        links.incrementAndGet();
                        throw new FileSystemException(temp.toString(), target.toString(), "Operation not permitted");
                    }
                }).build();
        StorageKey key = StorageKey.of("acme", "a.bin");

        try (StorageUpload u = fs.openUpload(key)) {
            u.write(content(5, 1000));
            u.commit();
        }
        try (StorageUpload again = fs.openUpload(key)) {
            again.write(1);
            assertThatThrownBy(again::commit).isInstanceOf(ObjectExistsException.class);
        }

        assertThat(links).hasValue(1);
        assertThat(read(fs, key)).isEqualTo(content(5, 1000));
        assertThat(entries(root.resolve("acme/db-backups"))).containsExactly(".publish.lock", "a.bin");
        assertThat(fs.list("acme")).extracting(o -> o.key().fileName()).containsExactly("a.bin");
    }

    @Test
    void aHardLinkDeniedForAnotherReasonFailsTheCommitAndPublishesNothing() throws IOException {
        FileSystemStorageBackend fs = FileSystemStorageBackend.builder(root)
                .faultHook(new FaultHook() {
                    @Override
                    public void beforeLink(Path target, Path temp) throws IOException {
                        throw new AccessDeniedException(target.toString());
                    }
                }).build();
        StorageUpload upload = fs.openUpload(StorageKey.of("acme", "a.bin"));
        upload.write(1);

        assertThatThrownBy(upload::commit).isInstanceOf(StorageException.class)
                .hasMessageContaining("Could not publish acme/db-backups/a.bin")
                .hasMessageContaining("Nothing was published");

        assertThat(entries(root.resolve("acme/db-backups"))).isEmpty();
    }

    private static byte[] read(StorageBackend backend, StorageKey key) throws IOException {
        try (InputStream in = backend.openRead(key)) {
            return in.readAllBytes();
        }
    }

    /** @return the names in a folder, sorted */
    static List<String> entries(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }
}
