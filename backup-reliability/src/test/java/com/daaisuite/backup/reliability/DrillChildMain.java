package com.daaisuite.backup.reliability;

import com.daaisuite.backup.core.Backups;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.spi.DatabaseSource;
import com.daaisuite.backup.core.spi.ProgressListener;
import com.daaisuite.backup.core.spi.RestoreSummary;
import com.daaisuite.backup.core.spi.RestoreTarget;
import com.daaisuite.backup.core.spi.TenantDirectory;
import com.daaisuite.backup.crypto.KeyProviders;
import com.daaisuite.backup.mongo.MongoDatabaseSource;
import com.daaisuite.backup.storage.fs.FileSystemStorageBackend;
import com.daaisuite.backup.testing.source.ForwardingDatabaseSource;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The victim of the killed-mid-drill test: {@code <mongoPort> <root> <tenant> <step>}; key from
 * BACKUP_ENCRYPTION_KEY. It drills the tenant's newest snapshot and, on reaching {@code step}
 * ({@code loading}: half the payload loaded into the scratch database; {@code before-swap}: all of it
 * staged, the journal written), prints {@code STEP <step>} and blocks there until the parent kills it.
 */
public final class DrillChildMain {
    private DrillChildMain() {}

    public static void main(String[] args) {
        Tenant t = Fixtures.tenant(args[2]);
        String step = args[3];
        try (MongoClient client = MongoClients.create(Fixtures.mongoSettings("mongodb://127.0.0.1:" + args[0]));
                Backups backups = Backups.builder().source(new Stepping(MongoDatabaseSource.builder(client).build(), step))
                        .storage(FileSystemStorageBackend.at(Path.of(args[1]))).keys(KeyProviders.fromEnvironment())
                        .tenants(TenantDirectory.of(List.of(t))).access(Fixtures.ACCESS).nodeName("drill-child").build()) {
            backups.drills().drill(Fixtures.ADMIN, t.id());
            System.out.println("DRILLED");
        }
    }

    static void block(String step) {
        System.out.println("STEP " + step);
        System.out.flush();
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The real source, stopping at one step of the restore. */
    static final class Stepping extends ForwardingDatabaseSource {
        private final String step;

        Stepping(DatabaseSource d, String step) {
            super(d);
            this.step = step;
        }

        @Override
        public RestoreSummary restore(InputStream payload, RestoreTarget target, ProgressListener progress, Runnable beforeSwap)
                throws IOException {
            InputStream in = !step.equals("loading") ? payload : new FilterInputStream(payload) {
                private long read;

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    read += Math.max(n, 0);
                    if (read > 2_000_000) {
                        block(step);
                    }
                    return n;
                }
            };
            return delegate().restore(in, target, progress, () -> {
                beforeSwap.run();
                if (step.equals("before-swap")) {
                    block(step);
                }
            });
        }

        @Override
        public RestoreSummary restore(InputStream payload, RestoreTarget target, ProgressListener progress) throws IOException {
            return restore(payload, target, progress, () -> { });
        }
    }
}
