package com.daaisuite.backup.mongo.internal;

import com.daaisuite.backup.core.PayloadCorruptException;
import com.daaisuite.backup.mongo.internal.archive.ArchiveLimits;
import com.daaisuite.backup.mongo.internal.archive.ArchiveReader;
import com.daaisuite.backup.mongo.internal.archive.ArchiveSource;
import com.daaisuite.backup.mongo.internal.archive.DumpFolderReader;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

/**
 * Opens the payload kinds a restore accepts as one {@link ArchiveSource}, chosen from the content, never a
 * file name: a mongodump archive ({@code --archive}), the same gzipped ({@code --archive --gzip}),
 * and a tar of a {@code mongodump --out} folder (plain or gzipped).
 */
public final class PayloadReader {

    /** The archive format's magic number, little-endian 0x8199E26D. */
    private static final byte[] ARCHIVE_MAGIC = {0x6D, (byte) 0xE2, (byte) 0x99, (byte) 0x81};

    private PayloadReader() {}

    /** @return whether the bytes start with the mongodump archive magic */
    public static boolean isArchive(byte[] prefix, int length) {
        if (length < 4) {
            return false;
        }
        for (int i = 0; i < 4; i++) {
            if (prefix[i] != ARCHIVE_MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /** @return whether the bytes are the start of a POSIX (ustar) tar */
    public static boolean isTar(byte[] prefix, int length) {
        return length >= 262 && "ustar".equals(new String(prefix, 257, 5, StandardCharsets.US_ASCII));
    }

    /**
     * Detects the payload kind and opens a reader. Never closes {@code in}.
     *
     * @throws PayloadCorruptException if the content is none of the accepted kinds
     */
    public static ArchiveSource open(InputStream in, ArchiveLimits limits) throws IOException {
        return open(new NonClosingInputStream(in), limits, true);
    }

    private static ArchiveSource open(InputStream in, ArchiveLimits limits, boolean mayBeGzip) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, 64 * 1024);
        byte[] prefix = new byte[512];
        buffered.mark(prefix.length);
        int n = buffered.readNBytes(prefix, 0, prefix.length);
        buffered.reset();
        if (isArchive(prefix, n)) {
            return new ArchiveReader(buffered, limits);
        }
        if (mayBeGzip && n >= 2 && prefix[0] == 0x1F && prefix[1] == (byte) 0x8B) {
            return open(new GZIPInputStream(buffered, 64 * 1024), limits, false);
        }
        if (isTar(prefix, n)) {
            return new DumpFolderReader(buffered, limits);
        }
        throw new PayloadCorruptException("The payload is not a mongodump archive (no magic 6D E2 99 81 at offset 0), "
                + "nor a tar of a mongodump folder (" + n + " bytes read). Check that the right file was chosen.");
    }

    /** The caller owns the payload stream. */
    private static final class NonClosingInputStream extends FilterInputStream {
        NonClosingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // The caller closes its own stream.
        }
    }
}
