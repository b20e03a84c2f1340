package com.daaisuite.backup.benchmarks.wave;

import com.daaisuite.backup.benchmarks.e2e.SyntheticTenant;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;

/**
 * The application beside the wave: reads and writes on databases that are not being backed up,
 * through the real driver, started on a fixed schedule (open loop) so that a slow server shows up as
 * latency rather than as fewer requests. Latency is measured from the moment an operation was due,
 * not from when a thread got to it, so queueing behind a stalled server counts. Of every ten
 * operations seven read one order by {@code _id}, two update one, one inserts an event.
 *
 * <p>Bounded: a run issues at most {@code rate x maxSeconds} operations and stops at {@link Run#stop()}.
 */
final class AppWorkload implements Workload {
    private static final BsonDocumentCodec CODEC = new BsonDocumentCodec();
    /** Enough threads that a few slow operations do not hold the schedule back at the default rate. */
    private static final int THREADS = 16;

    private final List<MongoCollection<BsonDocument>> orders = new ArrayList<>();
    private final List<MongoCollection<BsonDocument>> events = new ArrayList<>();
    private final int documents;
    private final int rate;

    /**
     * @param client the application's client (its own, not the backups')
     * @param databases the application databases
     * @param documents orders in each
     * @param rate operations per second
     */
    AppWorkload(MongoClient client, List<String> databases, int documents, int rate) {
        for (String db : databases) {
            orders.add(client.getDatabase(db).getCollection("orders", BsonDocument.class));
            events.add(client.getDatabase(db).getCollection("events", BsonDocument.class));
        }
        this.documents = documents;
        this.rate = rate;
    }

    /** Fills each application database (new: the server is fresh) with {@code documents} orders of about 1 KB, {@code _id} 0..n-1. */
    void load(long seed) {
        for (int d = 0; d < orders.size(); d++) {
            SyntheticTenant g = new SyntheticTenant(seed + d);
            List<BsonDocument> batch = new ArrayList<>();
            for (int i = 0; i < documents; i++) {
                BsonDocument doc = new RawBsonDocument(g.next(SyntheticTenant.Kind.LEADS)).decode(CODEC);
                doc.put("_id", new BsonInt32(i));
                batch.add(doc);
                if (batch.size() == 500) {
                    orders.get(d).insertMany(batch);
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                orders.get(d).insertMany(batch);
            }
        }
    }

    /**
     * Starts issuing operations.
     *
     * @param maxSeconds the run stops by itself after this long
     * @param seed which operations, in which order
     * @return the running workload
     */
    @Override
    public Run start(int maxSeconds, long seed) {
        return new Run((int) Math.min(Integer.MAX_VALUE - 8, (long) rate * maxSeconds), seed);
    }

    /** One run: its schedule thread, its operation threads, and what they measured. */
    final class Run implements Workload.Started {
        private final long[] dueAt;
        private final long[] latency;
        private final boolean[] failed;
        private final AtomicInteger done = new AtomicInteger();
        private final ExecutorService pool;
        private final Thread scheduler;
        private final long t0 = System.nanoTime();
        private final long t0Epoch = System.currentTimeMillis();
        private volatile boolean stopping;
        private volatile int issued;

        Run(int maxOps, long seed) {
            dueAt = new long[maxOps];
            latency = new long[maxOps];
            failed = new boolean[maxOps];
            pool = Executors.newFixedThreadPool(THREADS, r -> {
                Thread t = new Thread(r, "app-workload");
                t.setDaemon(true);
                return t;
            });
            SplittableRandom random = new SplittableRandom(seed);
            long period = 1_000_000_000L / rate;
            scheduler = new Thread(() -> {
                for (int i = 0; i < maxOps && !stopping; i++) {
                    long due = t0 + i * period;
                    for (long wait; (wait = due - System.nanoTime()) > 0 && !stopping; ) {
                        LockSupport.parkNanos(wait);
                    }
                    if (stopping) {
                        break;
                    }
                    int op = i;
                    int kind = random.nextInt(10);
                    int db = random.nextInt(orders.size());
                    int id = random.nextInt(documents);
                    dueAt[op] = due - t0;
                    issued = op + 1;
                    pool.execute(() -> operation(op, due, kind, db, id));
                }
            }, "app-workload-schedule");
            scheduler.setDaemon(true);
            scheduler.start();
        }

        private void operation(int op, long due, int kind, int db, int id) {
            try {
                if (kind < 7) {
                    orders.get(db).find(Filters.eq("_id", id)).first();
                } else if (kind < 9) {
                    orders.get(db).updateOne(Filters.eq("_id", id), Updates.set("touchedAt", new BsonInt64(System.nanoTime())));
                } else {
                    events.get(db).insertOne(new BsonDocument("order", new BsonInt32(id)).append("at", new BsonInt64(due)));
                }
            } catch (RuntimeException e) {
                failed[op] = true;
            } finally {
                latency[op] = System.nanoTime() - due;
                done.incrementAndGet();
            }
        }

        /** @return nanoseconds since this run started */
        long elapsedNanos() {
            return System.nanoTime() - t0;
        }

        /**
         * Stops issuing, waits for the operations in flight (at most a minute) and returns what was measured.
         *
         * @return the latencies of the operations that completed
         */
        @Override
        public Latencies stop() {
            stopping = true;
            try {
                scheduler.join(10_000);
                pool.shutdown();
                pool.awaitTermination(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            pool.shutdownNow();
            int n = issued;
            List<long[]> samples = new ArrayList<>(n);
            int errors = 0;
            for (int i = 0; i < n; i++) {
                if (latency[i] > 0) {
                    samples.add(new long[] {dueAt[i], latency[i]});
                    errors += failed[i] ? 1 : 0;
                }
            }
            return new Latencies(samples, errors, n, t0Epoch);
        }
    }
}
