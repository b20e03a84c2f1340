package com.daaisuite.backup.mongo.internal.archive;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Spools the {@code .bson} files of a dump folder to disk, checking the BSON framing of every chunk
 * before it is written and the total against a budget shared by every file of the folder. A file
 * that inflates to gigabytes of zeros is refused at its first length prefix (0 is no BSON length),
 * after a few bytes instead of after filling the temporary disk.
 */
final class BsonSpool {
    private static final int CHUNK = 64 * 1024;

    private final long limit;
    private final int maxDocumentBytes;
    private long spooled;

    /** The file is not a sequence of BSON documents, or the folder needs more than the budget. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final long offset;
        final boolean overBudget;

        Refused(long offset, boolean overBudget, String why) {
            super(why);
            this.offset = offset;
            this.overBudget = overBudget;
        }
    }

    /**
     * @param limit bytes all files together may spool
     * @param maxDocumentBytes the largest document accepted
     */
    BsonSpool(long limit, int maxDocumentBytes) {
        this.limit = limit;
        this.maxDocumentBytes = maxDocumentBytes;
    }

    /** @return the budget */
    long limit() {
        return limit;
    }

    /**
     * Copies {@code content} into {@code file}, a document framing check ahead of every write.
     *
     * @throws Refused at the first byte that breaks the framing or passes the budget
     * @throws IOException if reading or writing fails
     */
    void copy(InputStream content, Path file) throws IOException, Refused {
        byte[] chunk = new byte[CHUNK];
        byte[] prefix = new byte[4];
        int prefixHave = 0;
        long docLeft = 0; // bytes of the current document still to come, after its length prefix
        int docLength = 0;
        long offset = 0; // of the current document in the file
        long at = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), CHUNK)) {
            for (int n; (n = content.read(chunk)) >= 0; ) {
                for (int i = 0; i < n; ) {
                    if (docLeft == 0) {
                        prefix[prefixHave++] = chunk[i++];
                        if (prefixHave == 4) {
                            docLength = BsonLite.readInt32(prefix, 0);
                            if (docLength < ArchiveLimits.MIN_BSON_BYTES || docLength > maxDocumentBytes) {
                                throw new Refused(offset, false, docLength + " is not a BSON length from 5 to " + maxDocumentBytes);
                            }
                            prefixHave = 0;
                            docLeft = docLength - 4;
                        }
                    } else {
                        int k = (int) Math.min(docLeft, n - i);
                        i += k;
                        docLeft -= k;
                        if (docLeft == 0) {
                            if (chunk[i - 1] != 0) {
                                throw new Refused(offset, false, "the document of " + docLength + " bytes does not end with 0x00");
                            }
                            offset += docLength;
                        }
                    }
                }
                if (spooled + n > limit) {
                    throw new Refused(at, true, "the dump's .bson files need more than the " + limit
                            + " bytes of temporary disk allowed");
                }
                out.write(chunk, 0, n);
                spooled += n;
                at += n;
            }
        }
        if (prefixHave > 0 || docLeft > 0) {
            throw new Refused(offset, false, "the file is truncated inside a document");
        }
    }
}
