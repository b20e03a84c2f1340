package com.daaisuite.backup.storage.fs;

import static org.assertj.core.api.Assertions.assertThat;

import com.daaisuite.backup.core.ObjectExistsException;
import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.core.spi.StorageUpload;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Several processes (servers sharing one mount) commit the same key at the same moment: exactly one
 * wins and the object is exactly the winner's bytes, whether published by hard link or by the
 * locked-rename fallback.
 */
class CrossProcessRaceTest {

    private static final int WRITERS = 3;

    @TempDir
    Path root;

    /** Child: args root, writer id, hardLinks, go-file. Prints "ready", waits for go, commits, prints the outcome. */
    public static void main(String[] args) throws Exception {
        FileSystemStorageBackend fs = FileSystemStorageBackend.builder(Path.of(args[0]))
                .hardLinks(Boolean.parseBoolean(args[2])).build();
        byte id = Byte.parseByte(args[1]);
        Path go = Path.of(args[3]);
        try (StorageUpload upload = fs.openUpload(StorageKey.of("acme", "contested.gz.enc"))) {
            byte[] mine = new byte[500_000 + id];
            Arrays.fill(mine, id);
            upload.write(mine);
            System.out.println("ready");
            System.out.flush();
            while (!Files.exists(go)) {
                Thread.onSpinWait();
            }
            try {
                upload.commit();
                System.out.println("won");
            } catch (ObjectExistsException e) {
                System.out.println("lost");
            }
        }
    }

    @ParameterizedTest(name = "hard links: {0}")
    @ValueSource(booleans = {true, false})
    void ofSeveralProcessesCommittingOneKeyExactlyOneWins(boolean hardLinks) throws Exception {
        Path storage = Files.createDirectory(root.resolve("storage"));
        Path go = root.resolve("go");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<Process> children = new ArrayList<>();
        List<BufferedReader> outputs = new ArrayList<>();
        for (int i = 1; i <= WRITERS; i++) {
            Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                    CrossProcessRaceTest.class.getName(), storage.toString(), Integer.toString(i),
                    Boolean.toString(hardLinks), go.toString()).redirectErrorStream(true).start();
            children.add(p);
            outputs.add(new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
        }
        for (BufferedReader out : outputs) {
            assertThat(out.readLine()).isEqualTo("ready");
        }
        Files.createFile(go);

        List<String> outcomes = new ArrayList<>();
        int winner = -1;
        for (int i = 0; i < WRITERS; i++) {
            String outcome = outputs.get(i).readLine();
            outcomes.add(outcome);
            if ("won".equals(outcome)) {
                winner = i + 1;
            }
            assertThat(children.get(i).waitFor(2, TimeUnit.MINUTES)).isTrue();
        }

        assertThat(outcomes).as(String.join(",", outcomes)).containsOnly("won", "lost").containsOnlyOnce("won");
        byte[] expected = new byte[500_000 + winner];
        Arrays.fill(expected, (byte) winner);
        FileSystemStorageBackend fs = FileSystemStorageBackend.at(storage);
        try (InputStream in = fs.openRead(StorageKey.of("acme", "contested.gz.enc"))) {
            assertThat(in.readAllBytes()).isEqualTo(expected);
        }
        try (var entries = Files.list(storage.resolve("acme/db-backups"))) {
            assertThat(entries.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".partial"))).isEmpty();
        }
    }
}
