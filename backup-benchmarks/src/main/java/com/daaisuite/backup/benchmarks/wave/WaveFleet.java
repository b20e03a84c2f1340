package com.daaisuite.backup.benchmarks.wave;

import com.daaisuite.backup.benchmarks.e2e.SyntheticTenant;
import com.daaisuite.backup.core.SnapshotLabel;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.spi.TenantDirectory;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.InsertManyOptions;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.RawBsonDocument;

/**
 * The fleet of the wave: {@code tenants} workspaces of {@code min-mb..max-mb} each (uniformly drawn
 * from the seed), in three shapes taken in turn, every one on the default schedule (24-hour) in the
 * same zone, so that all of them are due at the same 01:00.
 */
final class WaveFleet {
    /** The shapes, in turn: the mixed business tenant, invoices only (nested line items), and flat people and leads. */
    enum Shape {
        BUSINESS, NESTED, FLAT;

        void generate(long seed, long bytes, Sink sink) {
            if (this == BUSINESS) {
                SyntheticTenant.generate(seed, bytes, (k, d) -> sink.accept(k.collection(), d));
                return;
            }
            SyntheticTenant g = new SyntheticTenant(seed);
            SyntheticTenant.Kind[] kinds = this == NESTED
                    ? new SyntheticTenant.Kind[] {SyntheticTenant.Kind.INVOICES}
                    : new SyntheticTenant.Kind[] {SyntheticTenant.Kind.EMPLOYEES, SyntheticTenant.Kind.LEADS};
            for (SyntheticTenant.Kind k : kinds) {
                for (long done = 0; done < bytes / kinds.length; ) {
                    byte[] d = g.next(k);
                    done += d.length;
                    sink.accept(k.collection(), d);
                }
            }
        }
    }

    /** Receives (collection, document). */
    @FunctionalInterface
    interface Sink {
        void accept(String collection, byte[] bson);
    }

    private static final InsertManyOptions UNORDERED = new InsertManyOptions().ordered(false);

    private final List<Tenant> tenants = new ArrayList<>();
    private final List<Long> sizes = new ArrayList<>();
    private final WaveOptions o;

    WaveFleet(WaveOptions o) {
        this.o = o;
        SplittableRandom r = new SplittableRandom(o.seed);
        for (int i = 0; i < o.tenants; i++) {
            String id = String.format(Locale.ROOT, "t%03d", i);
            tenants.add(Tenant.builder(id).workspaceName("Workspace " + id).databaseName("wave_" + id)
                    .frequency(SnapshotLabel.TWENTY_FOUR_HOUR).zone(o.zone).build());
            sizes.add((long) ((o.minMb + r.nextDouble() * (o.maxMb - o.minMb)) * 1_000_000));
        }
    }

    List<Tenant> tenants() {
        return tenants;
    }

    TenantDirectory directory() {
        return TenantDirectory.of(tenants);
    }

    /**
     * The tick of the wave: 01:00 in the tenants' zone on a fixed night. With no snapshot yet, every
     * tenant is due at exactly this instant.
     */
    Instant oneAm() {
        return LocalDate.of(2026, 12, 7).atTime(LocalTime.of(1, 0)).atZone(o.zone).toInstant();
    }

    /**
     * Generates and inserts every tenant, two at a time.
     *
     * @return BSON bytes inserted
     */
    long load(MongoClient client) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Long>> done = new ArrayList<>();
            for (int i = 0; i < tenants.size(); i++) {
                int n = i;
                done.add(pool.submit(() -> loadOne(client.getDatabase(tenants.get(n).databaseName()),
                        Shape.values()[n % Shape.values().length], o.seed + n, sizes.get(n))));
            }
            long total = 0;
            for (Future<Long> f : done) {
                total += f.get();
            }
            return total;
        } finally {
            pool.shutdownNow();
        }
    }

    private static long loadOne(MongoDatabase db, Shape shape, long seed, long bytes) {
        db.drop();
        String[] open = {null};
        List<RawBsonDocument> batch = new ArrayList<>();
        long[] total = {0};
        shape.generate(seed, bytes, (c, d) -> {
            if (open[0] != null && (!open[0].equals(c) || batch.size() == 1000)) {
                db.getCollection(open[0], RawBsonDocument.class).insertMany(batch, UNORDERED);
                batch.clear();
            }
            open[0] = c;
            batch.add(new RawBsonDocument(d));
            total[0] += d.length;
        });
        if (!batch.isEmpty()) {
            db.getCollection(open[0], RawBsonDocument.class).insertMany(batch, UNORDERED);
        }
        return total[0];
    }
}
