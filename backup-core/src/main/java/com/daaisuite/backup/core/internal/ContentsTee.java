package com.daaisuite.backup.core.internal;

import com.daaisuite.backup.core.spi.CollectionSummary;
import com.daaisuite.backup.core.spi.ContentsReader;
import com.daaisuite.backup.core.spi.DatabaseSource;
import com.daaisuite.backup.core.spi.DumpSummary;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The contents digests of a backup, computed while it is taken: the payload the dump writes is copied,
 * through a bounded {@link BytePipe}, to a {@link ContentsScan} on a thread of its own, so the digests
 * go into the sealed manifest and inspect, compare and find need not read the archive again. A digest
 * that cannot be computed never fails the backup: the manifest then simply has none (and they are
 * computed on demand, as for older snapshots).
 */
final class ContentsTee {
    private static final Logger LOG = LoggerFactory.getLogger(ContentsTee.class);
    /** A backup's scan holds less than a comparison's: up to two backups run at once per {@code Backups}. */
    static final long MEMORY = 8L << 20;

    /**
     * What a backup records.
     *
     * @param collections each collection's contents digest, by name
     * @param indexNames each collection's index names, by name
     * @param snapshot the snapshot's digest
     */
    record Result(Map<String, String> collections, Map<String, List<String>> indexNames, String snapshot) {}

    private final BytePipe pipe = new BytePipe(16, true);
    private final OutputStream sink = pipe.sink();
    private final Thread scanner;
    private final String tenantId;
    private volatile Result result;
    private volatile Throwable failure;
    private volatile Map<String, Long> counts;

    private ContentsTee(ContentsReader reader, String tenantId, Path spillParent) {
        this.tenantId = tenantId;
        this.scanner = new Thread(() -> scan(reader, spillParent), "daai-backup-digests-" + tenantId);
        scanner.setDaemon(true);
        scanner.start();
    }

    /**
     * @param source the backup's source
     * @param tenantId the tenant (for the log)
     * @return a tee, or empty when the source cannot read its payloads document by document
     */
    static Optional<ContentsTee> start(DatabaseSource source, String tenantId) {
        return source.contentsReader().map(r -> new ContentsTee(r, tenantId, ContentsService.defaultSpillParent()));
    }

    private void scan(ContentsReader reader, Path spillParent) {
        try (ContentsScan scan = new ContentsScan(MEMORY, spillParent, Set.of()); InputStream in = pipe.source()) {
            reader.read(in, scan);
            ArchiveFormat.drain(in);
            Map<String, String> digests = ContentsDigest.collections(scan, Map.of());
            Map<String, List<String>> indexes = new HashMap<>();
            Map<String, Long> seen = new HashMap<>();
            scan.collections().values().forEach(c -> {
                indexes.put(c.name, c.indexNames);
                seen.put(c.name, c.documents);
            });
            counts = seen;
            result = new Result(digests, indexes, ContentsDigest.snapshot(digests));
        } catch (Throwable e) {
            failure = e;
        }
    }

    /**
     * @param out where the payload goes (the compressor)
     * @return a stream that writes to {@code out} and copies to the scan
     */
    OutputStream wrap(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                out.write(b);
                sink.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                sink.write(b, off, len);
            }

            @Override
            public void close() {
                // The pipeline closes the compressor itself; the copy ends in finish().
            }
        };
    }

    /**
     * Ends the copy and waits for the digests.
     *
     * @param summary what the dump says it wrote: the digests are kept only if the scan saw the same
     * @return the digests, or empty when they could not be computed
     */
    Optional<Result> finish(DumpSummary summary) {
        try {
            sink.close();
            scanner.join();
        } catch (IOException e) {
            failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        if (failure != null || result == null) {
            LOG.warn("The contents digests of tenant {}'s backup could not be computed (they will be computed when asked): {}",
                    tenantId, String.valueOf(failure));
            return Optional.empty();
        }
        for (CollectionSummary c : summary.collections()) {
            if (!Long.valueOf(c.documents()).equals(counts.get(c.name()))) {
                LOG.warn("The contents digests of tenant {}'s backup were not recorded: collection {} has {} documents in the"
                        + " dump but {} in the digest scan", tenantId, c.name(), c.documents(), counts.get(c.name()));
                return Optional.empty();
            }
        }
        return Optional.of(result);
    }

    /** Stops the scan after a failed dump. */
    void abort() {
        pipe.fail(new IOException("the backup failed"));
        try {
            scanner.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
