package com.daaisuite.backup.core.internal;

import com.daaisuite.backup.BackupException;
import com.daaisuite.backup.core.ManifestMismatchException;
import com.daaisuite.backup.crypto.Dbk1;
import com.daaisuite.backup.crypto.Dbk1Options;
import com.daaisuite.backup.crypto.KeyUnknownException;
import com.daaisuite.backup.crypto.MasterKey;
import com.daaisuite.backup.crypto.spi.KeyProvider;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A manifest sealed in its own DBK1 envelope under the tenant's key ({@code <archive>.manifest}),
 * bound to the archive it describes. The envelope's plaintext is a fixed binding block followed by
 * the manifest's bytes:
 *
 * <pre>
 * daai-backup sealed manifest v1\n
 * archive: &lt;file name&gt;\n
 * bytes: &lt;archive size&gt;\n
 * header-sha256: &lt;SHA-256 of the archive's DBK1 header, hex&gt;\n
 * \n
 * &lt;manifest bytes&gt;
 * </pre>
 *
 * DBK1 binds the tenant and authenticates every byte, so a sealed manifest can be neither read
 * nor edited without the key, and the binding block makes it describe exactly one archive: the
 * header carries that archive's random salt and nonce prefix and is the associated data of every
 * one of its segments, so its digest names the archive's whole content.
 */
public final class ManifestSeal {
    /** Name suffix of sealed manifests, after the archive's name. */
    public static final String SUFFIX = ".manifest";

    private static final String MAGIC = "daai-backup sealed manifest v1\n";
    /** Manifests are at most 1 MiB; the binding block adds well under 1 KiB. */
    private static final int MAX_PLAINTEXT = (1 << 20) + 1024;
    private static final int SEGMENT = 64 << 10;

    private ManifestSeal() {}

    /**
     * What a sealed manifest is bound to.
     *
     * @param archiveName the archive's file name
     * @param archiveBytes its size
     * @param headerSha256 the SHA-256 of its DBK1 header, lower-case hex
     */
    public record Binding(String archiveName, long archiveBytes, String headerSha256) {}

    /**
     * @param manifest the manifest's bytes
     * @param binding the archive it describes
     * @param key the tenant's current key
     * @param tenantId the tenant, bound into the envelope
     * @return the sealed envelope
     */
    public static byte[] seal(byte[] manifest, Binding binding, MasterKey key, String tenantId) {
        ByteArrayOutputStream bo = new ByteArrayOutputStream(manifest.length + 512);
        try (OutputStream o = Dbk1.encrypt(bo, key, tenantId, Dbk1Options.builder().segmentSize(SEGMENT).build())) {
            o.write(block(binding).getBytes(StandardCharsets.UTF_8));
            o.write(manifest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bo.toByteArray();
    }

    /**
     * Opens a sealed manifest and checks that it describes {@code expected}.
     *
     * @param sealed the envelope's bytes
     * @param keys where the key named in its header is found
     * @param tenantId the tenant it must belong to
     * @param expected the archive beside it
     * @param what the manifest's path, for messages
     * @return the manifest's bytes
     * @throws ManifestMismatchException if it does not authenticate or describes another archive
     * @throws KeyUnknownException if the key named in its header is not configured
     */
    public static byte[] open(byte[] sealed, KeyProvider keys, String tenantId, Binding expected, String what) {
        byte[] plain;
        try (InputStream in = Dbk1.decrypt(new ByteArrayInputStream(sealed), keys, tenantId)) {
            plain = in.readNBytes(MAX_PLAINTEXT + 1);
        } catch (KeyUnknownException e) {
            throw e; // not a forgery: this deployment lacks the key (the caller decides)
        } catch (IOException | BackupException e) {
            throw new ManifestMismatchException("The sealed manifest " + what + " cannot be trusted: " + e.getMessage()
                    + " It was edited, truncated or replaced, or belongs to another tenant; neither it nor its archive"
                    + " is trusted. Restore another snapshot.", e);
        }
        if (plain.length > MAX_PLAINTEXT) {
            throw mismatch(what, "it is larger than any manifest this library writes");
        }
        String head = block(expected);
        byte[] want = head.getBytes(StandardCharsets.UTF_8);
        if (plain.length < want.length || !Arrays.equals(plain, 0, want.length, want, 0, want.length)) {
            int end = Math.min(plain.length, 512);
            String seen = new String(plain, 0, end, StandardCharsets.UTF_8);
            throw mismatch(what, "it describes another archive (" + describe(seen) + ") than the one beside it ("
                    + expected.archiveName() + ", " + expected.archiveBytes() + " bytes, header SHA-256 "
                    + expected.headerSha256() + "); it was moved beside it, or the archive was replaced");
        }
        return Arrays.copyOfRange(plain, want.length, plain.length);
    }

    /**
     * Whether an intact sealed manifest binds an archive with this DBK1 header digest, whatever
     * the name and size it names.
     *
     * @param sealed the envelope's bytes (already opened once under its own binding)
     * @param keys the keys
     * @param tenantId the tenant
     * @param headerSha256 the header digest to look for
     * @return true if its binding names that header
     */
    public static boolean bindsHeader(byte[] sealed, KeyProvider keys, String tenantId, String headerSha256) {
        try (InputStream in = Dbk1.decrypt(new ByteArrayInputStream(sealed), keys, tenantId)) {
            String head = new String(in.readNBytes(1024), StandardCharsets.UTF_8);
            int end = head.indexOf("\n\n");
            return head.startsWith(MAGIC) && end > 0
                    && head.substring(0, end + 1).contains("\nheader-sha256: " + headerSha256 + "\n");
        } catch (IOException | BackupException e) {
            return false;
        }
    }

    /**
     * The SHA-256 of an archive's DBK1 header, read from its start.
     *
     * @param archive the archive, at its start (read only as far as the header)
     * @return lower-case hex
     */
    public static String headerSha256(InputStream archive) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable in this JVM", e);
        }
        // readHeader consumes exactly the header's bytes, so the digest covers the header alone.
        Dbk1.readHeader(new DigestInputStream(archive, sha));
        return HexFormat.of().formatHex(sha.digest());
    }

    private static String block(Binding b) {
        return MAGIC + "archive: " + b.archiveName() + "\nbytes: " + b.archiveBytes() + "\nheader-sha256: "
                + b.headerSha256() + "\n\n";
    }

    private static String describe(String seen) {
        if (!seen.startsWith(MAGIC)) {
            return "not a sealed manifest of this format";
        }
        int end = seen.indexOf("\n\n");
        String lines = (end < 0 ? seen.substring(MAGIC.length()) : seen.substring(MAGIC.length(), end)).replace('\n', ',');
        return Printable.of(lines);
    }

    private static ManifestMismatchException mismatch(String what, String why) {
        return new ManifestMismatchException("The sealed manifest " + what + " cannot be trusted: " + why
                + ". Neither it nor its archive is trusted; restore another snapshot.");
    }
}
