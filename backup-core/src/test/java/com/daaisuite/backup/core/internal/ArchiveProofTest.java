package com.daaisuite.backup.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.daaisuite.backup.core.spi.StorageBackend;
import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.core.spi.StorageObject;
import com.daaisuite.backup.core.spi.StorageUpload;
import com.daaisuite.backup.crypto.ArchiveTamperedException;
import com.daaisuite.backup.crypto.Dbk1;
import com.daaisuite.backup.crypto.Dbk1Options;
import com.daaisuite.backup.crypto.KeyProviders;
import com.daaisuite.backup.crypto.MasterKey;
import com.daaisuite.backup.crypto.spi.KeyProvider;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** The restore's whole-archive proof: reads everything once, spools only where a second read is dear. */
class ArchiveProofTest {
    private static final MasterKey KEY = MasterKey.generate(new SecureRandom());
    private static final KeyProvider KEYS = KeyProviders.of(KEY);
    private static final StorageKey NAME = StorageKey.of("acme", "manual_20261126T100000Z.gz.enc");

    /** DBK1(gzip(payload)) in 4 KiB segments: about 20 segments. */
    private static byte[] archive() throws IOException {
        byte[] payload = ("RAWPAYLD" + "restore me ".repeat(20_000)).getBytes(StandardCharsets.US_ASCII);
        byte[] random = new byte[60_000];
        new java.util.Random(3).nextBytes(random);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream enc = Dbk1.encrypt(out, KEY, "acme", Dbk1Options.builder().segmentSize(Dbk1Options.MIN_SEGMENT_SIZE).build());
                GZIPOutputStream gz = new GZIPOutputStream(enc)) {
            gz.write(payload);
            gz.write(random);
        }
        return out.toByteArray();
    }

    /** One object in memory; counts how often it is opened. */
    static final class OneObject implements StorageBackend {
        final byte[] bytes;
        final boolean cheap;
        final AtomicInteger opens = new AtomicInteger();

        OneObject(byte[] bytes, boolean cheap) {
            this.bytes = bytes;
            this.cheap = cheap;
        }

        @Override
        public StorageUpload openUpload(StorageKey key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public InputStream openRead(StorageKey key) {
            opens.incrementAndGet();
            return new ByteArrayInputStream(bytes);
        }

        @Override
        public List<StorageObject> list(String tenantId) {
            return List.of();
        }

        @Override
        public void delete(Collection<StorageKey> keys) {}

        @Override
        public boolean cheapToReadTwice() {
            return cheap;
        }

        @Override
        public String describe() {
            return "memory:one";
        }
    }

    private static long spools() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("daai-restore-")).count();
        }
    }

    @Test
    void whereASecondReadIsDearTheArchiveIsReadOnceAndSpooledStillEncryptedToAnOwnerOnlyFile() throws Exception {
        byte[] archive = archive();
        OneObject s3Like = new OneObject(archive, false);
        long before = spools();
        Path spool;
        try (ArchiveProof proof = ArchiveProof.prove(s3Like, NAME, KEYS, "acme", ArchiveFormatTest.RAW)) {
            assertThat(proof.spooled()).isTrue();
            assertThat(proof.archiveBytes()).isEqualTo(archive.length);
            assertThat(spools()).isEqualTo(before + 1);
            try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
                spool = s.filter(p -> p.getFileName().toString().startsWith("daai-restore-")).filter(p -> {
                    try {
                        return Files.size(p) == archive.length;
                    } catch (IOException e) {
                        return false;
                    }
                }).findFirst().orElseThrow();
            }
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(spool))).isEqualTo("rw-------");
            try (InputStream again = proof.reopen()) {
                assertThat(again.readAllBytes()).as("the spool holds the archive as stored (encrypted)").isEqualTo(archive);
            }
            assertThat(s3Like.opens.get()).as("one read from the store").isEqualTo(1);
        }
        assertThat(spool).doesNotExist();
        assertThat(spools()).isEqualTo(before);
    }

    @Test
    void whereASecondReadIsCheapNothingIsSpooledAndTheLoadReadsTheObjectAgain() throws Exception {
        OneObject file = new OneObject(archive(), true);
        long before = spools();
        try (ArchiveProof proof = ArchiveProof.prove(file, NAME, KEYS, "acme", ArchiveFormatTest.RAW)) {
            assertThat(proof.spooled()).isFalse();
            assertThat(spools()).isEqualTo(before);
            try (InputStream again = proof.reopen()) {
                assertThat(again.readAllBytes()).isEqualTo(file.bytes);
            }
        }
        assertThat(file.opens.get()).isEqualTo(2);
    }

    @Test
    void aLoadThatReadsOtherBytesThanTheProofProvedIsAnArchiveChangedErrorEvenWhenTheyAreGenuine() throws Exception {
        // The backstop for what the DBK1 name binding cannot see (plaintext, version 1 archives, a genuine
        // archive of the same name written again): the load must read the very bytes the proof read.
        byte[][] current = {archive()};
        StorageBackend replaced = new StorageBackend() {
            @Override
            public StorageUpload openUpload(StorageKey key) {
                throw new UnsupportedOperationException();
            }

            @Override
            public InputStream openRead(StorageKey key) {
                return new ByteArrayInputStream(current[0]);
            }

            @Override
            public List<StorageObject> list(String tenantId) {
                return List.of();
            }

            @Override
            public void delete(Collection<StorageKey> keys) {}

            @Override
            public boolean cheapToReadTwice() {
                return true;
            }

            @Override
            public String describe() {
                return "memory:replaced";
            }
        };
        try (ArchiveProof proof = ArchiveProof.prove(replaced, NAME, KEYS, "acme", ArchiveFormatTest.RAW)) {
            current[0] = archive(); // the same content, encrypted again: another salt, so other bytes
            try (ArchiveProof.Bound again = proof.reopen()) {
                again.readAllBytes();
                assertThatThrownBy(again::requireSame).isInstanceOf(com.daaisuite.backup.core.ArchiveChangedException.class)
                        .hasMessageContaining("changed").hasMessageContaining("live database is as it was");
            }
        }
        try (ArchiveProof proof = ArchiveProof.prove(replaced, NAME, KEYS, "acme", ArchiveFormatTest.RAW);
                ArchiveProof.Bound same = proof.reopen()) {
            same.readAllBytes();
            same.requireSame();
        }
    }

    @Test
    void anArchiveTamperedInItsLastSegmentFailsTheProofAndLeavesNoSpool() throws Exception {
        byte[] archive = archive();
        archive[archive.length - 20] ^= 0x40;
        for (boolean cheap : new boolean[] {false, true}) {
            long before = spools();
            assertThatThrownBy(() -> ArchiveProof.prove(new OneObject(archive, cheap), NAME, KEYS, "acme", ArchiveFormatTest.RAW))
                    .isInstanceOf(ArchiveTamperedException.class);
            assertThat(spools()).isEqualTo(before);
        }
    }

    @Test
    void bytesAfterTheEndOfTheArchiveFailTheProof() throws Exception {
        byte[] archive = archive();
        byte[] longer = java.util.Arrays.copyOf(archive, archive.length + 1);
        assertThatThrownBy(() -> ArchiveProof.prove(new OneObject(longer, false), NAME, KEYS, "acme", ArchiveFormatTest.RAW))
                .isInstanceOf(com.daaisuite.backup.IntegrityException.class);
    }
}
