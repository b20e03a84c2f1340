package com.daaisuite.backup.storage.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.daaisuite.backup.core.SnapshotNotFoundException;
import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.core.spi.StorageUpload;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real process dies in the middle of an upload; what it leaves behind must stay invisible. */
class CrashLeftoverTest {

    @TempDir
    Path root;

    /** Child process: starts an upload, writes 1 MB, and halts without any cleanup. */
    public static void main(String[] args) throws IOException {
        FileSystemStorageBackend fs = FileSystemStorageBackend.at(Path.of(args[0]));
        StorageUpload upload = fs.openUpload(StorageKey.of("acme", "crashed.gz.enc"));
        upload.write(new byte[1_000_000]);
        System.out.println("written");
        System.out.flush();
        Runtime.getRuntime().halt(137);
    }

    @Test
    void anUploadInterruptedByAProcessCrashIsNeverListedAndIsRemovedOnceStale() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                CrashLeftoverTest.class.getName(), root.toString()).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(child.exitValue()).as(output).isEqualTo(137);
        Path folder = root.resolve("acme/db-backups");
        List<Path> leftovers = entries(folder);
        assertThat(leftovers).singleElement().satisfies(p -> {
            assertThat(p.getFileName().toString()).startsWith(".crashed.gz.enc.").endsWith(".partial");
            assertThat(Files.size(p)).isPositive();
        });

        FileSystemStorageBackend fs = FileSystemStorageBackend.at(root);
        assertThat(fs.list("acme")).isEmpty();
        assertThatThrownBy(() -> fs.openRead(StorageKey.of("acme", "crashed.gz.enc")))
                .isInstanceOf(SnapshotNotFoundException.class);

        // Still young: it might be another server's upload in progress, so the next upload spares it.
        fs.openUpload(StorageKey.of("acme", "other.bin")).abort();
        assertThat(entries(folder)).isEqualTo(leftovers);

        Files.setLastModifiedTime(leftovers.get(0), FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        try (StorageUpload retry = fs.openUpload(StorageKey.of("acme", "crashed.gz.enc"))) {
            retry.write(new byte[] {1, 2, 3});
            retry.commit();
        }

        assertThat(entries(folder)).extracting(p -> p.getFileName().toString()).containsExactly("crashed.gz.enc");
        assertThat(fs.list("acme")).singleElement().satisfies(o -> assertThat(o.size()).isEqualTo(3));
    }

    private static List<Path> entries(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().collect(Collectors.toList());
        }
    }
}
