package com.daaisuite.backup.testing.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.daaisuite.backup.core.ObjectExistsException;
import com.daaisuite.backup.core.SnapshotNotFoundException;
import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.core.spi.StorageObject;
import com.daaisuite.backup.core.spi.StorageUpload;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
/**
 * The writing half of {@link StorageBackendContract}: what is visible when (nothing before commit),
 * abort and close, create-only commits, and sizes and chunking. Extend {@link StorageBackendContract},
 * not this class.
 */
abstract class StorageWriteContract extends StorageContractBase {
    StorageWriteContract() {}

    // ------------------------------------------------------------------ visibility

    /** Bytes written, even flushed, are neither listed nor readable before commit. */
    @Test
    public void anUploadIsInvisibleUntilItIsCommitted() throws IOException {
        String tenant = newTenant();
        StorageKey key = StorageKey.of(tenant, "pending.gz.enc");
        byte[] bytes = content(1, 10_000);
        try (StorageUpload upload = backend().openUpload(key)) {
            upload.write(bytes);
            upload.flush();

            assertThat(backend().list(tenant)).isEmpty();
            assertThatThrownBy(() -> backend().openRead(key)).isInstanceOf(SnapshotNotFoundException.class);

            upload.commit();
        }
        assertThat(keys(tenant)).containsExactly(key);
    }

    /** Commit publishes exactly the bytes written and reports their key, size and time. */
    @Test
    public void commitMakesTheExactBytesAndSizeVisible() throws IOException {
        String tenant = newTenant();
        StorageKey key = StorageKey.of(tenant, "daily_20260101T010000Z.gz.enc");
        byte[] bytes = content(2, 123_457);
        Instant before = Instant.now();

        StorageObject committed = upload(key, bytes);

        Instant after = Instant.now();
        assertThat(committed.key()).isEqualTo(key);
        assertThat(committed.size()).isEqualTo(bytes.length);
        assertThat(committed.lastModified()).isBetween(before.minus(clockTolerance()), after.plus(clockTolerance()));
        assertThat(read(key)).isEqualTo(bytes);
        assertThat(backend().list(tenant)).singleElement().satisfies(o -> {
            assertThat(o.key()).isEqualTo(key);
            assertThat(o.size()).isEqualTo(bytes.length);
        });
    }

    /** Reads are repeatable, and two open readers of one object do not disturb each other. */
    @Test
    public void anObjectCanBeReadManyTimesAndByInterleavedReaders() throws IOException {
        StorageKey key = StorageKey.of(newTenant(), "twice.bin");
        byte[] bytes = content(3, 70_001);
        upload(key, bytes);

        ByteArrayOutputStream first = new ByteArrayOutputStream();
        ByteArrayOutputStream second = new ByteArrayOutputStream();
        try (InputStream a = backend().openRead(key); InputStream b = backend().openRead(key)) {
            byte[] buf = new byte[4099];
            int n;
            while ((n = a.read(buf)) >= 0) {
                first.write(buf, 0, n);
                int m = b.read(buf);
                if (m > 0) {
                    second.write(buf, 0, m);
                }
            }
            second.write(b.readAllBytes());
        }
        assertThat(first.toByteArray()).isEqualTo(bytes);
        assertThat(second.toByteArray()).isEqualTo(bytes);
        assertThat(read(key)).isEqualTo(bytes);
    }

    /** {@code InputStream.read()} returns bytes as 0 to 255, then -1 at the end, repeatedly. */
    @Test
    public void singleByteReadsReturnUnsignedValuesThenMinusOne() throws IOException {
        StorageKey key = StorageKey.of(newTenant(), "unsigned.bin");
        byte[] bytes = {0, 1, 127, (byte) 128, (byte) 255};
        upload(key, bytes);

        try (InputStream in = backend().openRead(key)) {
            assertThat(new int[] {in.read(), in.read(), in.read(), in.read(), in.read(), in.read(), in.read()})
                    .containsExactly(0, 1, 127, 128, 255, -1, -1);
        }
    }

    // ------------------------------------------------------------------ abort and close

    /** Abort discards the upload: nothing is listed or readable. */
    @Test
    public void abortLeavesNothingListedAndNothingReadable() throws IOException {
        String tenant = newTenant();
        StorageKey key = StorageKey.of(tenant, "aborted.gz.enc");
        StorageUpload upload = backend().openUpload(key);
        upload.write(content(4, 50_000));

        upload.abort();

        assertThat(backend().list(tenant)).isEmpty();
        assertThatThrownBy(() -> backend().openRead(key)).isInstanceOf(SnapshotNotFoundException.class);
    }

    /** Closing an upload that was not committed aborts it. */
    @Test
    public void closeWithoutCommitLeavesNothingListedAndNothingReadable() throws IOException {
        String tenant = newTenant();
        StorageKey key = StorageKey.of(tenant, "closed.gz.enc");
        try (StorageUpload upload = backend().openUpload(key)) {
            upload.write(content(5, 50_000));
        }

        assertThat(backend().list(tenant)).isEmpty();
        assertThatThrownBy(() -> backend().openRead(key)).isInstanceOf(SnapshotNotFoundException.class);
    }

    /** Abort and close may be called any number of times, in any order, without throwing. */
    @Test
    public void abortAndCloseAreIdempotent() throws IOException {
        StorageKey key = StorageKey.of(newTenant(), "idempotent.bin");
        StorageUpload upload = backend().openUpload(key);
        upload.write(1);

        assertThatCode(() -> {
            upload.abort();
            upload.abort();
            upload.close();
            upload.close();
        }).doesNotThrowAnyException();
        assertThat(keys(key.tenantId())).isEmpty();
    }

    /** An aborted upload leaves nothing that blocks a new upload of the same key. */
    @Test
    public void anAbortedKeyCanBeUploadedAfresh() throws IOException {
        StorageKey key = StorageKey.of(newTenant(), "retry.bin");
        try (StorageUpload upload = backend().openUpload(key)) {
            upload.write(content(6, 1000));
            upload.abort();
        }
        byte[] bytes = content(7, 2000);

        upload(key, bytes);

        assertThat(read(key)).isEqualTo(bytes);
    }

    /** Abort and close after a commit do nothing: the object stays. */
    @Test
    public void abortAndCloseAfterCommitKeepTheObject() throws IOException {
        StorageKey key = StorageKey.of(newTenant(), "kept.bin");
        byte[] bytes = content(8, 3000);
        StorageUpload upload = backend().openUpload(key);
        upload.write(bytes);
        upload.commit();

        assertThatCode(() -> {
            upload.abort();
            upload.close();
        }).doesNotThrowAnyException();
        assertThat(read(key)).isEqualTo(bytes);
    }

    /** A finished upload refuses further writes with an {@link IOException}. */
    @Test
    public void writingAfterAbortOrCommitFails() throws IOException {
        String tenant = newTenant();
        StorageUpload aborted = backend().openUpload(StorageKey.of(tenant, "a.bin"));
        aborted.abort();
        StorageUpload committed = backend().openUpload(StorageKey.of(tenant, "c.bin"));
        committed.write(1);
        committed.commit();

        assertThatThrownBy(() -> aborted.write(new byte[10])).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> committed.write(2)).isInstanceOf(IOException.class);
        assertThat(read(StorageKey.of(tenant, "c.bin"))).containsExactly(1);
        assertThat(keys(tenant)).containsExactly(StorageKey.of(tenant, "c.bin"));
    }

    // ------------------------------------------------------------------ create-only

    /**
     * Uploads are create-only: committing over an existing object throws {@link ObjectExistsException} naming the file, and the original is untouched.
     */
    @Test
    public void commitOnAnExistingKeyThrowsObjectExistsAndLeavesTheOriginalUntouched() throws IOException {
        String tenant = newTenant();
        StorageKey key = StorageKey.of(tenant, "once.gz.enc");
        byte[] original = content(9, 5000);
        upload(key, original);

        StorageUpload second = backend().openUpload(key);
        second.write(content(10, 7000));
        assertThatThrownBy(second::commit).isInstanceOf(ObjectExistsException.class)
                .hasMessageContaining("once.gz.enc");
        assertThatCode(second::close).doesNotThrowAnyException();

        assertThat(read(key)).isEqualTo(original);
        assertThat(backend().list(tenant)).singleElement()
                .satisfies(o -> assertThat(o.size()).isEqualTo(original.length));
    }

    /**
     * Of two uploads open at once on one key, the first to commit wins; the other gets {@link ObjectExistsException}.
     */
    @Test
    public void ofTwoUploadsOpenedTogetherOnOneKeyTheFirstCommitWins() throws IOException {
        String tenant = newTenant();
        StorageKey key = StorageKey.of(tenant, "race.bin");
        byte[] first = content(11, 4000);
        byte[] second = content(12, 4001);
        try (StorageUpload a = backend().openUpload(key); StorageUpload b = backend().openUpload(key)) {
            a.write(first);
            b.write(second);

            a.commit();
            assertThatThrownBy(b::commit).isInstanceOf(ObjectExistsException.class);
        }
        assertThat(read(key)).isEqualTo(first);
        assertThat(keys(tenant)).containsExactly(key);
    }

    // ------------------------------------------------------------------ sizes and chunking

    /** An upload with no bytes stores an empty object, listed with size zero. */
    @Test
    public void anEmptyObjectCanBeStoredListedAndRead() throws IOException {
        String tenant = newTenant();
        StorageKey key = StorageKey.of(tenant, "empty.bin");

        StorageObject committed;
        try (StorageUpload upload = backend().openUpload(key)) {
            committed = upload.commit();
        }

        assertThat(committed.size()).isZero();
        assertThat(read(key)).isEmpty();
        assertThat(backend().list(tenant)).singleElement().satisfies(o -> assertThat(o.size()).isZero());
    }

    /** {@code write(int)} stores the low eight bits, as {@link java.io.OutputStream} specifies. */
    @Test
    public void singleByteWritesKeepOnlyTheLowEightBits() throws IOException {
        StorageKey key = StorageKey.of(newTenant(), "bytes.bin");
        byte[] bytes = content(13, 3001);
        try (StorageUpload upload = backend().openUpload(key)) {
            for (int i = 0; i < bytes.length; i++) {
                // Per OutputStream.write(int), the 24 high-order bits are ignored.
                upload.write((bytes[i] & 0xff) | (i << 8));
            }
            upload.commit();
        }
        assertThat(read(key)).isEqualTo(bytes);
    }

    /**
     * {@code write(byte[], off, len)} honours the offset and length, for chunks of any size (zero included).
     */
    @Test
    public void writesOfOddChunksAtOddOffsetsAreStoredInOrder() throws IOException {
        StorageKey key = StorageKey.of(newTenant(), "odd.bin");
        byte[] bytes = content(14, 1 + 3 + 7 + 8191 + 65_537 + 131_071 + 2);
        int[] chunks = {1, 3, 7, 8191, 65_537, 131_071, 2};
        try (StorageUpload upload = backend().openUpload(key)) {
            int off = 0;
            for (int c : chunks) {
                // Copy into a larger array at an odd offset so that implementations ignoring off fail.
                byte[] padded = new byte[c + 13];
                System.arraycopy(bytes, off, padded, 5, c);
                upload.write(padded, 5, c);
                upload.write(padded, 0, 0);
                off += c;
            }
            upload.commit();
        }
        assertThat(read(key)).isEqualTo(bytes);
    }

    /**
     * Random mixes of chunk sizes read back identically; the seed is printed on failure ({@code -Ddaai.seed} replays it).
     */
    @Test
    public void randomChunkingsReadBackIdentically() throws IOException {
        long seed = Long.getLong("daai.seed", System.nanoTime());
        int cases = Boolean.getBoolean("daai.thorough") ? 40 : 6;
        SplittableRandom random = new SplittableRandom(seed);
        String tenant = newTenant();
        for (int i = 0; i < cases; i++) {
            int size = random.nextInt(300_000);
            byte[] bytes = content(random.nextLong(), size);
            StorageKey key = StorageKey.of(tenant, "random-" + i + ".bin");
            try (StorageUpload upload = backend().openUpload(key)) {
                int off = 0;
                while (off < size) {
                    int n = Math.min(size - off, random.nextInt(3) == 0 ? 1 + random.nextInt(16) : 1 + random.nextInt(70_000));
                    if (n == 1 && random.nextBoolean()) {
                        upload.write(bytes[off]);
                    } else {
                        upload.write(bytes, off, n);
                    }
                    off += n;
                }
                upload.commit();
            }
            assertThat(read(key)).as("case %d of seed %d (rerun with -Ddaai.seed=%d)", i, seed, seed).isEqualTo(bytes);
        }
    }

    /**
     * A large upload ({@link #largeObjectSize()}) streamed from a generator reads back with the same digest and size.
     */
    @Test
    public void aLargeUploadStreamedFromAGeneratorReadsBackIdentically() throws IOException {
        StorageKey key = StorageKey.of(newTenant(), "large.gz.enc");
        long size = largeObjectSize();
        SplittableRandom random = new SplittableRandom(15);
        MessageDigest written = sha256();
        byte[] chunk = new byte[65_536 + 17];
        try (StorageUpload upload = backend().openUpload(key)) {
            long left = size;
            while (left > 0) {
                int n = (int) Math.min(left, 1 + random.nextInt(chunk.length));
                random.nextBytes(chunk);
                written.update(chunk, 0, n);
                upload.write(chunk, 0, n);
                left -= n;
            }
            assertThat(upload.commit().size()).isEqualTo(size);
        }

        MessageDigest read = sha256();
        long count = 0;
        try (InputStream in = backend().openRead(key)) {
            byte[] buf = new byte[50_000];
            int n;
            while ((n = in.read(buf)) >= 0) {
                read.update(buf, 0, n);
                count += n;
            }
        }
        assertThat(count).isEqualTo(size);
        assertThat(read.digest()).isEqualTo(written.digest());
        assertThat(backend().list(key.tenantId())).singleElement().satisfies(o -> assertThat(o.size()).isEqualTo(size));
    }
}
