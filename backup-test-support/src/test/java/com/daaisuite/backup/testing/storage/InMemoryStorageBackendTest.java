package com.daaisuite.backup.testing.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.daaisuite.backup.core.StorageException;
import com.daaisuite.backup.core.spi.StorageBackend;
import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.core.spi.StorageObject;
import com.daaisuite.backup.core.spi.StorageUpload;
import com.daaisuite.backup.testing.storage.InMemoryStorageBackend.Operation;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class InMemoryStorageBackendTest extends StorageBackendContract {

    private static final long GIB = 1L << 30;

    // JUnit makes one instance per test, so every test gets a fresh, empty store.
    private final InMemoryStorageBackend backend = new InMemoryStorageBackend("contract", Clock.systemUTC())
            .setCapacity(GIB);

    @Override
    protected StorageBackend backend() {
        return backend;
    }

    @Override
    protected boolean reportsFreeSpace() {
        return true;
    }

    @Test
    void anInjectedWriteFailureSticksToItsUploadAndNothingBecomesVisible() throws IOException {
        StorageKey key = StorageKey.of("acme", "a.bin");
        backend.failOn(Operation.WRITE, 2);
        StorageUpload upload = backend.openUpload(key);
        upload.write(new byte[10]);

        assertThatThrownBy(() -> upload.write(new byte[10])).isInstanceOf(IOException.class)
                .hasMessageStartingWith("Injected failure of WRITE");
        assertThatThrownBy(upload::commit).isInstanceOf(IOException.class).hasMessageContaining("failed earlier");
        upload.close();

        assertThat(backend.list("acme")).isEmpty();
        assertThat(backend.openUploads()).isZero();
    }

    @Test
    void failWriteAfterBytesFailsTheWriteThatPassesTheSizeWhateverTheChunking() throws IOException {
        backend.failWriteAfterBytes(25);
        StorageUpload upload = backend.openUpload(StorageKey.of("acme", "a.bin"));
        upload.write(new byte[10]);
        upload.write(new byte[15]);
        upload.write(new byte[0]);

        assertThatThrownBy(() -> upload.write(1)).isInstanceOf(IOException.class)
                .hasMessageStartingWith("Injected failure of WRITE after 25 bytes");
        assertThatThrownBy(upload::commit).isInstanceOf(IOException.class);
        upload.close();

        upload(StorageKey.of("acme", "b.bin"), new byte[100]);
        assertThat(backend.list("acme")).extracting(o -> o.key().fileName()).containsExactly("b.bin");
    }

    @Test
    void anInjectedCommitFailureStoresNothingAndFiresOnlyOnce() throws IOException {
        StorageKey key = StorageKey.of("acme", "a.bin");
        backend.failOn(Operation.COMMIT, 1);
        try (StorageUpload upload = backend.openUpload(key)) {
            upload.write(1);
            assertThatThrownBy(upload::commit).isInstanceOf(IOException.class);
        }
        assertThat(backend.bytesOf(key)).isEmpty();

        upload(key, new byte[] {7});

        assertThat(backend.bytesOf(key)).hasValueSatisfying(b -> assertThat(b).containsExactly(7));
        assertThat(backend.callCount(Operation.COMMIT)).isEqualTo(2);
    }

    @Test
    void failuresCanBeInjectedIntoReadsListingsAndDeletesAndCleared() throws IOException {
        StorageKey key = StorageKey.of("acme", "a.bin");
        upload(key, new byte[] {1});
        backend.failOn(Operation.OPEN_READ, 1).failOn(Operation.LIST, 1).failOn(Operation.DELETE, 1);

        assertThatThrownBy(() -> backend.openRead(key)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> backend.list("acme")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> backend.delete(List.of(key))).isInstanceOf(IOException.class);
        assertThat(backend.bytesOf(key)).isPresent();

        backend.failOn(Operation.OPEN_UPLOAD, 1);
        backend.clearFailures();
        backend.openUpload(key).abort();
    }

    @Test
    void anUploadBeyondTheCapacityFailsLikeAFullDiskAndLeavesNothing() throws IOException {
        backend.setCapacity(100);
        upload(StorageKey.of("acme", "first.bin"), new byte[60]);
        assertThat(backend.freeSpace("acme")).hasValue(40);

        StorageUpload upload = backend.openUpload(StorageKey.of("acme", "second.bin"));
        assertThatThrownBy(() -> upload.write(new byte[41])).isInstanceOf(IOException.class)
                .hasMessageContaining("No space left");
        upload.close();

        assertThat(backend.list("acme")).extracting(o -> o.key().fileName()).containsExactly("first.bin");
        assertThat(backend.freeSpace("acme")).hasValue(40);
    }

    @Test
    void twoCommitsThatTogetherExceedTheCapacityAreNotBothStored() throws IOException {
        backend.setCapacity(100);
        StorageUpload a = backend.openUpload(StorageKey.of("acme", "a.bin"));
        StorageUpload b = backend.openUpload(StorageKey.of("acme", "b.bin"));
        a.write(new byte[60]);
        b.write(new byte[60]);

        a.commit();

        assertThatThrownBy(b::commit).isInstanceOf(StorageException.class).hasMessageContaining("No space left");
        assertThat(backend.storedBytes()).isEqualTo(60);
    }

    @Test
    void withoutACapacityFreeSpaceIsUnknown() {
        assertThat(new InMemoryStorageBackend().freeSpace("acme")).isEqualTo(OptionalLong.empty());
    }

    @Test
    void commitsAreStampedByTheGivenClock() throws IOException {
        Instant t = Instant.parse("2026-03-01T01:00:00Z");
        backend.setClock(Clock.fixed(t, ZoneOffset.UTC));

        StorageObject committed = upload(StorageKey.of("acme", "a.bin"), new byte[3]);

        assertThat(committed.lastModified()).isEqualTo(t);
        assertThat(backend.list("acme")).singleElement().extracting(StorageObject::lastModified).isEqualTo(t);
    }

    @Test
    void putSeedsObjectsAndOverwriteTampersWithThemKeepingTheirTime() throws IOException {
        StorageKey key = StorageKey.of("acme", "seeded.bin");
        Instant t = Instant.parse("2025-01-01T00:00:00Z");
        backend.put(key, new byte[] {1, 2, 3}, t);

        backend.overwrite(key, new byte[] {1, 2, 4, 5});

        assertThat(read(key)).containsExactly(1, 2, 4, 5);
        assertThat(backend.list("acme")).singleElement()
                .isEqualTo(new StorageObject(key, 4, t));
        assertThat(backend.storedBytes()).isEqualTo(4);
        assertThatThrownBy(() -> backend.overwrite(StorageKey.of("acme", "none.bin"), new byte[1]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void openUploadsCountsUploadsNotYetFinished() throws IOException {
        StorageUpload a = backend.openUpload(StorageKey.of("acme", "a.bin"));
        StorageUpload b = backend.openUpload(StorageKey.of("acme", "b.bin"));
        assertThat(backend.openUploads()).isEqualTo(2);

        a.commit();
        b.abort();
        b.close();

        assertThat(backend.openUploads()).isZero();
    }

    @Test
    void theStoredBytesAreDefensivelyCopied() throws IOException {
        StorageKey key = StorageKey.of("acme", "a.bin");
        byte[] bytes = {1, 2, 3};
        backend.put(key, bytes, Instant.EPOCH);
        bytes[0] = 9;
        backend.bytesOf(key).orElseThrow()[1] = 9;

        assertThat(read(key)).containsExactly(1, 2, 3);
    }
}
