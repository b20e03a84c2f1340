package com.daaisuite.backup.core.internal;

import com.daaisuite.backup.core.CollectionContents;
import com.daaisuite.backup.core.SourceException;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.spi.ContentsReader;
import com.daaisuite.backup.core.spi.DatabaseSource;
import com.daaisuite.backup.core.spi.ProgressListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a database on the tenant's server into a {@link ContentsScan}, storing nothing: the live side of
 * a comparison or a collections-restore preview, and the restore drill's read-back of its scratch
 * database. Apart from {@link ContentsService}, which reads archives.
 */
final class LiveContents {
    private final DatabaseSource source;
    private final long memoryPerScan;
    private final Path spillParent;

    /**
     * @param source the server read
     * @param memoryPerScan what one scan may hold before it spills
     * @param spillParent where it spills
     */
    LiveContents(DatabaseSource source, long memoryPerScan, Path spillParent) {
        this.source = source;
        this.memoryPerScan = memoryPerScan;
        this.spillParent = spillParent;
    }

    /** @return the source's payload reader, or the refusal that names {@code operation} */
    ContentsReader reader(String operation) {
        return source.contentsReader().orElseThrow(() -> new SourceException("The database source " + source.describe()
                + " cannot read payloads document by document, so the library cannot " + operation + " a tenant."
                + " Use a source that offers a ContentsReader (backup-mongo does)."));
    }

    /**
     * Every collection of {@code database} on the tenant's server, read as a backup would (a dump), with its
     * count, index names and contents digest: how a restore drill checks its scratch database. The read
     * draws from {@code budget} (the node's, shared with its dumps).
     */
    List<CollectionContents> databaseContents(Tenant t, String database, DumpBudget budget) {
        try (ContentsScan scan = readBack(t, database, budget)) {
            Map<String, String> digests = ContentsDigest.collections(scan, Map.of());
            List<CollectionContents> cols = new ArrayList<>();
            for (ContentsScan.Collection c : scan.collections().values()) {
                cols.add(new CollectionContents(c.name, c.type, c.documents, c.bytes, c.indexNames, digests.get(c.name)));
            }
            return cols;
        } catch (IOException e) {
            throw ContentsService.spillFailure(e);
        }
    }

    /** The source's direct read when it has one (no archive written and parsed), else a dump read back. */
    private ContentsScan readBack(Tenant t, String database, DumpBudget budget) {
        ContentsScan scan = new ContentsScan(memoryPerScan, spillParent, Set.of());
        boolean read;
        try {
            read = source.readContents(database, budget.pace(scan));
        } catch (IOException | RuntimeException e) {
            scan.close();
            throw Failures.specific(e, c -> new SourceException("Reading the database " + database + " of tenant " + t.id()
                    + " failed: " + c.getMessage() + ". Check that the database is reachable and try again.", c));
        }
        if (read) {
            return scan;
        }
        scan.close();
        return scan(t, database, reader("drill"), null, budget);
    }

    /** Reads a database as a backup would (a dump), through a bounded pipe, limited to {@code only} when not null. */
    ContentsScan scan(Tenant t, String database, ContentsReader reader, Set<String> only) {
        return scan(t, database, reader, only, DumpBudget.unlimited());
    }

    private ContentsScan scan(Tenant t, String database, ContentsReader reader, Set<String> only, DumpBudget budget) {
        ContentsScan scan = new ContentsScan(memoryPerScan, spillParent, Set.of(), only);
        BytePipe pipe = new BytePipe(16, false);
        Throwable[] dumpFailure = new Throwable[1];
        Thread dumper = new Thread(() -> {
            try {
                // Paced on its writes when a budget applies: a source without readContents is held back
                // one read batch late, as a dump is.
                OutputStream out = budget.open(pipe.sink()).stream();
                source.dump(database, out, ProgressListener.NONE);
                out.close();
            } catch (Throwable e) {
                dumpFailure[0] = e;
                pipe.fail(e);
            }
        }, "daai-live-read-" + t.id());
        dumper.setDaemon(true);
        dumper.start();
        try (InputStream in = pipe.source()) {
            reader.read(in, scan);
            ArchiveFormat.drain(in);
        } catch (IOException | RuntimeException e) {
            scan.close();
            joinQuietly(dumper);
            if (dumpFailure[0] != null) {
                throw Failures.specific(dumpFailure[0], c -> new SourceException("Reading the live database "
                        + database + " of tenant " + t.id() + " failed: " + c.getMessage()
                        + ". Check that the database is reachable and try again.", c));
            }
            throw Failures.specific(e, c -> new SourceException("Reading the live database " + database + " of tenant "
                    + t.id() + " failed: " + c, c));
        }
        joinQuietly(dumper);
        return scan;
    }

    private static void joinQuietly(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
