package com.daaisuite.backup.crypto;

import com.daaisuite.backup.crypto.internal.Dbk1DecryptingStream;
import com.daaisuite.backup.crypto.internal.Dbk1EncryptingStream;
import com.daaisuite.backup.crypto.internal.Dbk1Format;
import com.daaisuite.backup.crypto.internal.GcmWarmUp;
import com.daaisuite.backup.crypto.spi.KeyProvider;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * The DBK1 archive format: segmented AES-256-GCM under a per-archive key derived with HKDF-SHA256
 * from a master key, a random salt and the tenant id. Specified byte by byte in {@code docs/dbk1.md}.
 *
 * <p>All streams work in constant memory (about two segments) for any archive size.
 */
public final class Dbk1 {
    /** The four magic bytes every DBK1 archive starts with: ASCII {@code DBK1}. */
    public static final byte[] MAGIC = {'D', 'B', 'K', '1'};

    private Dbk1() {}

    /**
     * Whether a stream prefix starts with the DBK1 magic.
     *
     * @param prefix the first bytes of a stream
     * @param length how many bytes of {@code prefix} are valid
     * @return true if the first four bytes are {@code DBK1}
     */
    public static boolean hasMagic(byte[] prefix, int length) {
        if (length < MAGIC.length) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (prefix[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Gets the JVM's accelerated AES-GCM code compiled, once per JVM; later calls return at once.
     *
     * <p>On JDK 17 a fresh JVM runs AES-GCM at under 100 MB/s for the first 10 to 40 seconds of
     * work with 1 to 4 MiB segments, until the JIT compiles the path for messages over 64 KiB. This
     * call spends about a second (at most three) on small messages that trigger that compilation,
     * after which DBK1 runs at full speed (several GB/s) from its first segment. Hosts that restore
     * or verify large archives soon after start-up should call it once, for example on a background
     * thread at start-up. It touches no key material of the caller.
     */
    public static void warmUp() {
        GcmWarmUp.runOnce();
    }

    /**
     * Wraps a stream so that what is written to it is encrypted as a DBK1 archive with default
     * options. {@code close()} seals the last segment and closes {@code out}.
     *
     * @param out where the archive goes
     * @param key the master key
     * @param tenantId the tenant the archive belongs to (bound into the header and the key)
     * @return the encrypting stream
     */
    public static OutputStream encrypt(OutputStream out, MasterKey key, String tenantId) {
        return encrypt(out, key, tenantId, Dbk1Options.defaults());
    }

    /**
     * Wraps a stream so that what is written to it is encrypted as a DBK1 archive.
     * {@code close()} seals the last segment and closes {@code out}. The header is written with
     * the first write, flush or close; a full segment is held back until more data (or close)
     * shows whether it is the last, so {@code flush()} cannot push out buffered plaintext. After
     * any failure of {@code out} the stream refuses further writes, and {@code close()} closes
     * {@code out} without sealing, so a failed archive never looks complete. The stream is not
     * thread-safe and holds about two segments of memory.
     *
     * @param out where the archive goes
     * @param key the master key
     * @param tenantId the tenant the archive belongs to (bound into the header and the key)
     * @param options segment size and randomness
     * @return the encrypting stream
     * @throws KeyMissingException if {@code key} is null
     * @throws IllegalArgumentException if the tenant id is not 1 to 64 printable ASCII characters
     */
    public static OutputStream encrypt(OutputStream out, MasterKey key, String tenantId, Dbk1Options options) {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(options, "options");
        if (key == null) {
            throw new KeyMissingException("No encryption key was given for the archive of tenant " + tenantId
                    + ", so nothing was written. Set BACKUP_ENCRYPTION_KEY (" + MasterKey.howToMakeOne()
                    + ") or configure a key provider.");
        }
        return new Dbk1EncryptingStream(out, key, tenantId, options);
    }

    /**
     * Abandons an archive being written: closes the underlying stream <em>without</em> sealing the
     * final segment, so the bytes written so far can never decrypt as a complete archive. Call it
     * instead of {@code close()} when the data being encrypted failed part way (a dump error, a
     * cancelled job): a plain {@code close()}, for example from try-with-resources, would seal
     * whatever was written as a valid, shorter archive.
     *
     * @param encrypting a stream returned by {@link #encrypt}
     * @throws IOException if closing the underlying stream fails
     * @throws IllegalArgumentException if the stream was not made by {@link #encrypt}
     */
    public static void abort(OutputStream encrypting) throws IOException {
        if (!(encrypting instanceof Dbk1EncryptingStream s)) {
            throw new IllegalArgumentException("Dbk1.abort takes a stream made by Dbk1.encrypt, not "
                    + (encrypting == null ? "null" : encrypting.getClass().getName()));
        }
        s.abort();
    }

    /**
     * Wraps a DBK1 archive so that reading yields the authenticated plaintext. This call reads and
     * checks the header at once (tenant first, then the key), so a wrong tenant or an unknown key
     * fails before anything is decrypted. No byte of a segment is returned before its tag verifies;
     * a damaged archive fails with {@link ArchiveTamperedException} naming the segment, and after
     * any failure every later read fails too. Reading to the end of the stream is the only proof
     * that the archive is complete. The stream is not thread-safe; {@code close()} closes {@code in}.
     *
     * @param in the archive
     * @param keys where the master key named in the header is looked up
     * @param expectedTenantId the tenant the caller expects; another tenant's archive is refused
     * @return the decrypting stream
     * @throws NotDbk1Exception if the stream is not DBK1
     * @throws KeyUnknownException if no configured key has the header's key id
     * @throws WrongTenantException if the archive belongs to another tenant
     * @throws UnsupportedFormatVersionException if the version or suite is unknown
     * @throws ArchiveTamperedException if the header is malformed or truncated
     * @throws java.io.UncheckedIOException if reading the header from {@code in} fails
     */
    public static InputStream decrypt(InputStream in, KeyProvider keys, String expectedTenantId) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(expectedTenantId, "expectedTenantId");
        Dbk1Format.Parsed parsed = Dbk1Format.readHeader(in);
        Dbk1Header h = parsed.header();
        if (!h.tenantId().equals(expectedTenantId)) {
            throw new WrongTenantException("This DBK1 archive belongs to tenant " + h.tenantId()
                    + ", not to tenant " + expectedTenantId + "; nothing was decrypted. Archives are bound to their"
                    + " tenant; restore it for tenant " + h.tenantId() + " or pick one of " + expectedTenantId
                    + "'s own snapshots.");
        }
        MasterKey key = keys.keyById(h.keyId()).filter(k -> k.id().equals(h.keyId())).orElseThrow(() ->
                new KeyUnknownException("The DBK1 archive of tenant " + h.tenantId() + " was encrypted with key id "
                        + h.keyId() + ", which is not configured (configured key ids: "
                        + (keys.knownKeyIds().isEmpty() ? "none" : keys.knownKeyIds().toString()) + ", from "
                        + keys.describe() + "). The key with id " + h.keyId() + " is needed: "
                        + keys.howToAddRetiredKey()));
        return new Dbk1DecryptingStream(in, parsed, key);
    }

    /**
     * Opens an archive for reading, as {@link #decrypt(InputStream, KeyProvider, String)}, that must
     * also be the archive stored under {@code storedName}: a version 2 archive names the file it was
     * written as in its authenticated header, and another name is a rename or a rollback. Version 1
     * archives bind no name and are accepted (their sealed manifest binds it).
     *
     * @param in the archive
     * @param keys where the key named in the header is found
     * @param expectedTenantId the tenant it must belong to
     * @param storedName the file name it is stored under
     * @return the plaintext; reading it to the end authenticates the whole archive
     * @throws ArchiveRenamedException if a version 2 archive names another file
     */
    public static InputStream decrypt(InputStream in, KeyProvider keys, String expectedTenantId, String storedName) {
        Objects.requireNonNull(storedName, "storedName");
        // The header is read twice (here, then by decrypt): a stream that can mark is used as it is.
        InputStream b = Objects.requireNonNull(in, "in").markSupported() ? in : new BufferedInputStream(in, 512);
        b.mark(512);
        Dbk1Header h = Dbk1Format.readHeader(b).header();
        try {
            b.reset();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        if (h.archiveName().isPresent() && !h.archiveName().get().equals(storedName) && h.tenantId().equals(expectedTenantId)) {
            throw new ArchiveRenamedException("The archive stored as " + storedName + " of tenant " + expectedTenantId
                    + " was written as " + h.archiveName().get() + " (created " + h.createdAt().map(Object::toString).orElse("?")
                    + "): someone with write access to the storage renamed it, or moved an older archive onto a newer"
                    + " snapshot's name. It is not restored or trusted; restore " + h.archiveName().get()
                    + " itself if that is what you want, and check who can write to the storage.");
        }
        return decrypt(b, keys, expectedTenantId);
    }

    /**
     * Reads and parses a DBK1 header without any key, leaving {@code in} positioned after it.
     *
     * @param in the archive
     * @return the header facts
     * @throws NotDbk1Exception if the stream is not DBK1
     * @throws UnsupportedFormatVersionException if the version or suite is unknown
     * @throws ArchiveTamperedException if the header is malformed or truncated
     * @throws java.io.UncheckedIOException if reading from {@code in} fails
     */
    public static Dbk1Header readHeader(InputStream in) {
        return Dbk1Format.readHeader(Objects.requireNonNull(in, "in")).header();
    }
}
