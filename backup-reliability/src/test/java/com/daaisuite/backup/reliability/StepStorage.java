package com.daaisuite.backup.reliability;

import com.daaisuite.backup.core.spi.StorageBackend;
import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.core.spi.StorageObject;
import com.daaisuite.backup.core.spi.StorageUpload;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;

/**
 * A storage decorator for {@link CrashChildMain} that numbers the steps of a backup's uploads, so
 * that {@link CrashConsistencyTest} chooses where a process dies by step, not by timing. Steps, per
 * upload (named by the kind of object: {@code archive}, {@code manifest}, or its file extension):
 * {@code open <kind>} once the upload is open, {@code write <kind> <n> MiB} each time another MiB has
 * been written, {@code before commit <kind>} and {@code after commit <kind>}. When the step number
 * equals the requested one, it prints {@code STEP <n> <name>} and blocks the uploading thread for
 * good: the parent kills the process there. With no step requested (0) nothing blocks and
 * {@link #names()} is the whole sequence, which the parent's calibration run reads.
 */
final class StepStorage implements StorageBackend {
    static final int MIB = 1024 * 1024;

    private final StorageBackend delegate;
    private final int stopAt;
    private final List<String> names = new ArrayList<>();
    private final CountDownLatch never = new CountDownLatch(1);

    /**
     * @param delegate the real backend
     * @param stopAt the step at which to block for good, or 0 to only count
     */
    StepStorage(StorageBackend delegate, int stopAt) {
        this.delegate = delegate;
        this.stopAt = stopAt;
    }

    /** @return the names of the steps passed so far, in order (step n is element n - 1) */
    synchronized List<String> names() {
        return List.copyOf(names);
    }

    private void step(String name) {
        int n;
        synchronized (this) {
            names.add(name);
            n = names.size();
        }
        if (n == stopAt) {
            System.out.println("STEP " + n + " " + name);
            System.out.flush();
            // Block here, holding whatever the backup holds at this step, until SIGKILL.
            while (true) {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    // Keep blocking: the only way out of this step is the kill.
                }
            }
        }
    }

    static String kind(String fileName) {
        if (fileName.endsWith(".manifest") || fileName.endsWith(".manifest.json")) {
            return "manifest";
        }
        if (fileName.endsWith(".gz.enc") || fileName.endsWith(".gz")) {
            return "archive";
        }
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? "object" : fileName.substring(dot + 1);
    }

    @Override
    public StorageUpload openUpload(StorageKey key) throws IOException {
        String kind = kind(key.fileName());
        StorageUpload upload = delegate.openUpload(key);
        step("open " + kind);
        return new CountingUpload(upload, kind);
    }

    private final class CountingUpload extends StorageUpload {
        private final StorageUpload upload;
        private final String kind;
        private long written;

        CountingUpload(StorageUpload upload, String kind) {
            this.upload = upload;
            this.kind = kind;
        }

        @Override
        public void write(int b) throws IOException {
            upload.write(b);
            advance(1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            // Split at MiB boundaries so that a step falls exactly after each whole MiB.
            while (len > 0) {
                int room = (int) (MIB - written % MIB);
                int n = Math.min(len, room);
                upload.write(b, off, n);
                advance(n);
                off += n;
                len -= n;
            }
        }

        private void advance(int n) {
            written += n;
            if (written % MIB == 0) {
                step("write " + kind + " " + written / MIB + " MiB");
            }
        }

        @Override
        public void flush() throws IOException {
            upload.flush();
        }

        @Override
        public StorageObject commit() throws IOException {
            step("before commit " + kind);
            StorageObject o = upload.commit();
            step("after commit " + kind);
            return o;
        }

        @Override
        public void abort() {
            upload.abort();
        }

        @Override
        public void close() {
            upload.close();
        }
    }

    @Override
    public InputStream openRead(StorageKey key) throws IOException {
        return delegate.openRead(key);
    }

    @Override
    public List<StorageObject> list(String tenantId) throws IOException {
        return delegate.list(tenantId);
    }

    @Override
    public void delete(Collection<StorageKey> keys) throws IOException {
        delegate.delete(keys);
    }

    @Override
    public OptionalLong freeSpace(String tenantId) throws IOException {
        return delegate.freeSpace(tenantId);
    }

    @Override
    public boolean cheapToReadTwice() {
        return delegate.cheapToReadTwice();
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    @Override
    public String location() {
        return delegate.location();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
