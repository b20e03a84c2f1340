package com.daaisuite.backup.core.spi;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongFunction;

/**
 * How much a restore or a check may write into a temporary folder (the whole-archive proof's spool,
 * a source's spooled dump files): by default what the folder's disk has free, less a reserve of 5%
 * of the disk (at least 64 MiB), so that no input can fill the disk the host runs on. The limit is
 * checked while writing, not after: {@link #guard} fails the write that would pass it.
 *
 * <p>One rule for every spool: the library's proof and {@code backup-mongo}'s dump-folder reader both
 * use it, each with a setting that can lower or raise it.
 */
public final class SpoolLimit {
    private static final long MIN_RESERVE = 64L * 1024 * 1024;

    private SpoolLimit() {}

    /**
     * The default limit for spooling into {@code folder}: its disk's usable space less the reserve.
     *
     * @param folder the temporary folder (an existing folder on the disk written)
     * @return bytes that may be written, at least 0
     * @throws IOException if the disk cannot be asked
     */
    public static long fromFreeSpace(Path folder) throws IOException {
        FileStore store = Files.getFileStore(folder);
        long reserve = Math.max(MIN_RESERVE, store.getTotalSpace() / 20);
        return Math.max(0, store.getUsableSpace() - reserve);
    }

    /**
     * Wraps {@code out} so that writing more than {@code limit} bytes in total fails before the byte
     * past the limit is written.
     *
     * @param out the spool file's stream
     * @param limit most bytes allowed
     * @param refusal makes the exception to throw, given the limit; its message says what to do
     * @return the guarded stream (closing it closes {@code out})
     */
    public static OutputStream guard(OutputStream out, long limit, LongFunction<RuntimeException> refusal) {
        return new FilterOutputStream(out) {
            private long written;

            @Override
            public void write(int b) throws IOException {
                check(1);
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                check(len);
                out.write(b, off, len);
            }

            private void check(int n) {
                if (written + n > limit) {
                    throw refusal.apply(limit);
                }
                written += n;
            }
        };
    }
}
