package com.daaisuite.backup.benchmarks.vs;

import com.daaisuite.backup.benchmarks.e2e.SyntheticTenant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.SplittableRandom;
import org.bson.BsonBinaryWriter;
import org.bson.io.BasicOutputBuffer;
import org.bson.types.ObjectId;

/**
 * The data shapes of the side-by-side run, each spread over three collections so that every
 * collection stays under the size mongo-java-server can serve to {@code mongodump} (about 48 MB:
 * it answers a {@code getMore} with the whole rest of a collection, beyond the driver's message limit).
 */
enum Shape {
    /** The benchmarks' synthetic business tenant: invoices, employees, leads, about 1 KB records. */
    BUSINESS("flat ~1 KB business records (invoices, employees, leads)"),
    /** Invoices only, 1 to 8 nested line items each, about 1.5 KB. */
    NESTED("invoices with nested line items, ~1.5 KB"),
    /** People records with long free-text fields, about 6 KB. */
    TEXT("people with large text fields, ~6 KB"),
    /** Many small event documents, about 110 bytes. */
    SMALL("many small event documents, ~110 B");

    private static final String[] WORDS = {"the", "customer", "asked", "for", "a", "revised", "quote", "with", "delivery",
        "by", "next", "week", "and", "payment", "terms", "of", "thirty", "days", "after", "invoice", "meeting", "notes",
        "follow", "up", "on", "shipment", "delayed", "because", "warehouse", "stock", "was", "short", "approved",
        "budget", "quarter", "renewal", "contract", "signed", "pending", "review", "legal", "team", "discount",
        "requested", "escalated", "support", "ticket", "resolved", "training", "scheduled", "onboarding", "call"};

    private final String description;

    Shape(String description) {
        this.description = description;
    }

    String description() {
        return description;
    }

    /** @return the three collection names */
    List<String> collections() {
        return switch (this) {
            case BUSINESS -> List.of("invoices", "employees", "leads");
            case NESTED -> List.of("invoices_2024", "invoices_2025", "invoices_2026");
            case TEXT -> List.of("people_a", "people_b", "people_c");
            case SMALL -> List.of("events_a", "events_b", "events_c");
        };
    }

    /** Receives generated documents. */
    interface Sink {
        void accept(String collection, byte[] bson);
    }

    /**
     * Generates about {@code totalBytes} of BSON, deterministically from the seed.
     *
     * @param totalBytes the target size of the whole tenant
     * @param seed the seed
     * @param sink receives (collection, document bytes), collection after collection
     */
    void generate(long totalBytes, long seed, Sink sink) {
        if (this == BUSINESS) {
            SyntheticTenant.generate(seed, totalBytes, (k, d) -> sink.accept(k.collection(), d));
            return;
        }
        SyntheticTenant invoices = new SyntheticTenant(seed);
        SplittableRandom r = new SplittableRandom(seed);
        BasicOutputBuffer buf = new BasicOutputBuffer(1 << 16);
        long perCollection = totalBytes / 3;
        long n = 0;
        for (String c : collections()) {
            long done = 0;
            while (done < perCollection) {
                byte[] d = switch (this) {
                    case NESTED -> invoices.next(SyntheticTenant.Kind.INVOICES);
                    case TEXT -> person(r, buf, n);
                    case SMALL -> event(r, buf, n);
                    default -> throw new IllegalStateException(name());
                };
                n++;
                done += d.length;
                sink.accept(c, d);
            }
        }
    }

    private static byte[] person(SplittableRandom r, BasicOutputBuffer buf, long n) {
        buf.truncateToPosition(0);
        try (BsonBinaryWriter w = new BsonBinaryWriter(buf)) {
            w.writeStartDocument();
            w.writeObjectId("_id", new ObjectId(new Date(1_700_000_000_000L + n * 1000), (int) (n & 0xFFFFFF)));
            w.writeString("name", "Person " + n);
            w.writeString("email", "person" + n + "@example.test");
            w.writeString("bio", text(r, 1500 + r.nextInt(2000)));
            w.writeStartArray("notes");
            for (int i = 0, k = 1 + r.nextInt(3); i < k; i++) {
                w.writeStartDocument();
                w.writeDateTime("at", 1_700_000_000_000L + r.nextInt(1_000_000_000));
                w.writeString("text", text(r, 400 + r.nextInt(1200)));
                w.writeEndDocument();
            }
            w.writeEndArray();
            w.writeEndDocument();
        }
        return buf.toByteArray();
    }

    private static byte[] event(SplittableRandom r, BasicOutputBuffer buf, long n) {
        buf.truncateToPosition(0);
        try (BsonBinaryWriter w = new BsonBinaryWriter(buf)) {
            w.writeStartDocument();
            w.writeObjectId("_id", new ObjectId(new Date(1_700_000_000_000L + n * 10), (int) (n & 0xFFFFFF)));
            w.writeDateTime("at", 1_700_000_000_000L + n * 10);
            w.writeString("type", WORDS[r.nextInt(WORDS.length)]);
            w.writeInt32("user", r.nextInt(5000));
            w.writeDouble("value", Math.round(r.nextDouble() * 10000) / 100.0);
            w.writeBoolean("ok", r.nextInt(10) > 0);
            w.writeEndDocument();
        }
        return buf.toByteArray();
    }

    private static String text(SplittableRandom r, int length) {
        StringBuilder b = new StringBuilder(length + 16);
        while (b.length() < length) {
            b.append(WORDS[r.nextInt(WORDS.length)]).append(r.nextInt(12) == 0 ? ". " : " ");
        }
        return b.toString();
    }

    /** @return the shapes named in a comma-separated list (any case), or all of them for "all" */
    static List<Shape> parse(String list) {
        List<Shape> out = new ArrayList<>();
        for (String s : list.split(",")) {
            if (s.isBlank()) {
                continue;
            }
            if (s.strip().equalsIgnoreCase("all")) {
                return List.of(values());
            }
            out.add(valueOf(s.strip().toUpperCase(java.util.Locale.ROOT)));
        }
        return out;
    }
}
