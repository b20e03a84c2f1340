package com.daaisuite.backup.core.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Sorts byte-string records (ascending, unsigned lexicographic) in bounded memory: records collect in
 * a buffer of at most {@code memoryBytes}; a full buffer is sorted and written as a run to a
 * {@link SpillFolder} (encrypted, owner-only), and {@link #sorted()} merges the runs. The spill
 * folder exists only once the first run is written, and {@link #close()} removes it: callers close
 * the sorter on every exit path.
 */
final class RecordSorter implements Closeable {
    /** What one record costs in the buffer beyond its bytes (the array header and the reference). */
    private static final int OVERHEAD = 32;

    private final long memoryBytes;
    private final Path spillParent;
    private List<byte[]> buffer = new ArrayList<>();
    private long buffered;
    private final List<SpillFolder.Spill> runs = new ArrayList<>();
    private SpillFolder folder;
    private long count;
    private boolean sorting;

    /**
     * @param memoryBytes the most buffered record bytes before a run is spilled
     * @param spillParent where a spill folder is created when one is needed
     */
    RecordSorter(long memoryBytes, Path spillParent) {
        this.memoryBytes = memoryBytes;
        this.spillParent = spillParent;
    }

    /** @param record a record, owned by the sorter from now on */
    void add(byte[] record) {
        if (sorting) {
            throw new IllegalStateException("records added after sorting began");
        }
        buffer.add(record);
        count++;
        buffered += record.length + OVERHEAD;
        if (buffered >= memoryBytes) {
            spill();
        }
    }

    /** @return the records added */
    long count() {
        return count;
    }

    /** @return how many runs were spilled to disk (0 when everything fit in memory) */
    int spilledRuns() {
        return runs.size();
    }

    /** @return the spill folder, or null when nothing was spilled */
    Path spillFolder() {
        return folder == null ? null : folder.path();
    }

    private void spill() {
        buffer.sort(Arrays::compareUnsigned);
        try {
            if (folder == null) {
                folder = new SpillFolder(spillParent);
            }
            SpillFolder.Spill run = folder.create();
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(run.writer(), 64 * 1024))) {
                for (byte[] r : buffer) {
                    out.writeInt(r.length);
                    out.write(r);
                }
            }
            runs.add(run);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not spill sorted records to " + spillParent + ": " + e.getMessage()
                    + ". Check that the temporary folder is writable and has room.", e);
        }
        buffer = new ArrayList<>();
        buffered = 0;
    }

    /**
     * Ends adding and returns every record in ascending order; call once.
     *
     * @return the records, ascending
     */
    Cursor sorted() {
        sorting = true;
        if (runs.isEmpty()) {
            buffer.sort(Arrays::compareUnsigned);
            List<byte[]> all = buffer;
            buffer = List.of();
            return new Cursor() {
                private int i;

                @Override
                public byte[] next() {
                    return i < all.size() ? all.get(i++) : null;
                }
            };
        }
        if (!buffer.isEmpty()) {
            spill();
        }
        return new Merge(runs);
    }

    @Override
    public void close() {
        buffer = List.of();
        if (folder != null) {
            folder.close();
        }
    }

    /** Records in ascending order; {@code null} at the end. */
    interface Cursor {
        /** @return the next record, or null at the end */
        byte[] next() throws IOException;
    }

    /** A k-way merge of sorted runs. */
    private static final class Merge implements Cursor {
        private record Head(byte[] record, DataInputStream in) {}

        private final PriorityQueue<Head> heads = new PriorityQueue<>((x, y) -> Arrays.compareUnsigned(x.record, y.record));
        private final List<SpillFolder.Spill> pending;
        private boolean opened;

        Merge(List<SpillFolder.Spill> runs) {
            this.pending = runs;
        }

        @Override
        public byte[] next() throws IOException {
            if (!opened) {
                opened = true;
                for (SpillFolder.Spill r : pending) {
                    InputStream raw = r.reader();
                    DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 64 * 1024));
                    byte[] first = read(in);
                    if (first != null) {
                        heads.add(new Head(first, in));
                    }
                }
            }
            Head h = heads.poll();
            if (h == null) {
                return null;
            }
            byte[] following = read(h.in);
            if (following != null) {
                heads.add(new Head(following, h.in));
            } else {
                h.in.close();
            }
            return h.record;
        }

        private static byte[] read(DataInputStream in) throws IOException {
            int len;
            try {
                len = in.readInt();
            } catch (EOFException end) {
                return null;
            }
            if (len < 0 || len > (64 << 20)) {
                throw new IOException("a spilled record claims " + len + " bytes");
            }
            return in.readNBytes(len);
        }
    }
}
