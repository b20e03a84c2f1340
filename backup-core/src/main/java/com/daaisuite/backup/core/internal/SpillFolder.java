package com.daaisuite.backup.core.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Where the contents engine spills sorted runs when a collection does not fit its memory budget: a
 * folder of its own, owner-only where the file system has POSIX permissions, removed with everything
 * in it by {@link #close()} (callers close it on every exit path). Every file is encrypted with
 * AES-256-GCM under a key made for this folder and held only in memory, in authenticated chunks whose
 * nonce is the chunk's number and whose last chunk says it is the last, so a spill left behind by a
 * crash is unreadable, and one changed or cut short is refused rather than read.
 */
final class SpillFolder implements Closeable {
    private static final int CHUNK = 64 * 1024;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final SecretKey key;
    private final byte[] salt = new byte[4];
    private final AtomicInteger files = new AtomicInteger();

    /**
     * @param parent where to create the folder (the JVM's temporary folder unless the host says otherwise)
     * @throws UncheckedIOException if the folder cannot be created
     */
    SpillFolder(Path parent) {
        try {
            Files.createDirectories(parent);
            dir = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                    ? Files.createTempDirectory(parent, "daai-spill-", PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwx------")))
                    : Files.createTempDirectory(parent, "daai-spill-");
            KeyGenerator g = KeyGenerator.getInstance("AES");
            g.init(256, RANDOM);
            key = g.generateKey();
            RANDOM.nextBytes(salt);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a spill folder in " + parent + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES is unavailable in this JVM", e);
        }
    }

    /** @return the folder (tests check that it is gone) */
    Path path() {
        return dir;
    }

    /** @return a new encrypted file to write, in this folder */
    Spill create() throws IOException {
        int id = files.incrementAndGet();
        return new Spill(Files.createFile(dir.resolve("run-" + id)), id);
    }

    @Override
    public void close() {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // Encrypted under a key that is gone with this object: a leftover is noise, not a leak.
            org.slf4j.LoggerFactory.getLogger(SpillFolder.class).warn("Could not delete the spill folder {}: {}", dir, e.toString());
        }
    }

    /** One encrypted file: written once, then read once or more. */
    final class Spill {
        private final Path file;
        private final int id;

        private Spill(Path file, int id) {
            this.file = file;
            this.id = id;
        }

        /** @return a stream that encrypts what is written; close it to seal the last chunk */
        OutputStream writer() throws IOException {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), CHUNK + 64));
            return new OutputStream() {
                private final byte[] buf = new byte[CHUNK];
                private int n;
                private long chunk;

                @Override
                public void write(int b) throws IOException {
                    if (n == CHUNK) {
                        flushChunk(false);
                    }
                    buf[n++] = (byte) b;
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    while (len > 0) {
                        if (n == CHUNK) {
                            flushChunk(false);
                        }
                        int k = Math.min(len, CHUNK - n);
                        System.arraycopy(b, off, buf, n, k);
                        n += k;
                        off += k;
                        len -= k;
                    }
                }

                private void flushChunk(boolean last) throws IOException {
                    byte[] sealed = crypt(Cipher.ENCRYPT_MODE, chunk++, last, buf, n);
                    out.writeInt(sealed.length);
                    out.write(sealed);
                    n = 0;
                }

                @Override
                public void close() throws IOException {
                    flushChunk(true);
                    out.close();
                }
            };
        }

        /** @return a stream of the decrypted bytes; a changed, reordered or cut short file fails */
        InputStream reader() throws IOException {
            DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), CHUNK + 64));
            return new ChunkedInputStream() {
                private long chunk;
                private boolean last;

                @Override
                byte[] nextChunk() throws IOException {
                    if (last) {
                        return null;
                    }
                    byte[] plain;
                    int len;
                    try {
                        len = in.readInt();
                    } catch (EOFException e) {
                        throw new IOException("spill file " + file.getFileName() + " ends before its last chunk");
                    }
                    if (len < 16 || len > CHUNK + 16) {
                        throw new IOException("spill file " + file.getFileName() + " has a chunk of " + len + " bytes");
                    }
                    byte[] sealed = in.readNBytes(len);
                    if (sealed.length != len) {
                        throw new IOException("spill file " + file.getFileName() + " ends inside a chunk");
                    }
                    // Try as an inner chunk, then as the last: the flag is authenticated, not stored.
                    try {
                        plain = crypt(Cipher.DECRYPT_MODE, chunk, false, sealed, len);
                    } catch (IOException notInner) {
                        plain = crypt(Cipher.DECRYPT_MODE, chunk, true, sealed, len);
                        last = true;
                    }
                    chunk++;
                    return plain;
                }

                @Override
                public void close() throws IOException {
                    in.close();
                }
            };
        }

        private byte[] crypt(int mode, long chunk, boolean last, byte[] data, int len) throws IOException {
            byte[] nonce = ByteBuffer.allocate(12).put(salt).putInt(id).putInt((int) chunk).array();
            try {
                Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
                c.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
                c.updateAAD(new byte[] {(byte) (last ? 1 : 0)});
                return c.doFinal(data, 0, len);
            } catch (javax.crypto.AEADBadTagException e) {
                throw new IOException("spill file " + file.getFileName() + " does not authenticate (chunk " + chunk + ")");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-GCM is unavailable in this JVM", e);
            }
        }
    }
}
