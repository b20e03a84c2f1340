package com.daaisuite.backup.examples.cli;

import com.daaisuite.backup.core.Tenant;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;

/**
 * A small, realistic DaaiSuite workspace for the demo: invoices, customers, employees, leads,
 * settings, with the indexes an app would have. Deterministic (fixed seed), so two runs seed the
 * same data and the same checksums.
 */
final class SampleWorkspace {
    static final long SEED = 20261126L;
    static final List<String> COLLECTIONS = List.of("customers", "employees", "invoices", "leads", "settings");

    private static final String[] FIRST = {"Aarav", "Diya", "Ishaan", "Ananya", "Kabir", "Meera", "Rohan", "Saanvi", "Vihaan",
            "Priya", "Arjun", "Kavya", "Dev", "Nisha", "Rahul", "Tara", "Farhan", "Lakshmi", "Neel", "Zoya"};
    private static final String[] LAST = {"Sharma", "Iyer", "Patel", "Reddy", "Khan", "Nair", "Gupta", "Menon", "Das", "Kapoor",
            "Bose", "Joshi", "Rao", "Singh", "Pillai"};
    private static final String[] DEPARTMENTS = {"Sales", "Finance", "Engineering", "Support", "Operations", "HR"};
    private static final String[] CITIES = {"Mumbai", "Bengaluru", "Chennai", "Pune", "Hyderabad", "Kochi", "Delhi", "Jaipur"};
    private static final String[] ITEMS = {"Annual licence", "Implementation", "Training day", "Support plan", "Extra seats",
            "Data migration", "Custom report"};
    private static final String[] STAGES = {"new", "contacted", "qualified", "proposal", "won", "lost"};
    private static final String[] SOURCES = {"website", "referral", "trade fair", "cold call", "partner"};

    private SampleWorkspace() {}

    /** @return documents inserted per collection */
    static Map<String, Integer> seed(MongoDatabase db) {
        Random r = new Random(SEED);
        Instant base = Instant.parse("2026-01-01T04:30:00Z");
        Map<String, Integer> counts = new LinkedHashMap<>();

        List<Document> employees = new ArrayList<>();
        for (int i = 1; i <= 240; i++) {
            String first = pick(r, FIRST);
            String last = pick(r, LAST);
            employees.add(new Document("_id", String.format("EMP-%04d", i))
                    .append("name", first + " " + last)
                    .append("email", (first + "." + last + i + "@acme.example").toLowerCase())
                    .append("department", pick(r, DEPARTMENTS))
                    .append("city", pick(r, CITIES))
                    .append("joinedOn", Date.from(base.minus(r.nextInt(2500), ChronoUnit.DAYS)))
                    .append("monthlySalary", 35_000 + r.nextInt(180) * 1_000)
                    .append("active", r.nextInt(10) > 0));
        }
        insert(db, "employees", employees, counts);
        db.getCollection("employees").createIndex(Indexes.ascending("email"), new IndexOptions().unique(true));
        db.getCollection("employees").createIndex(Indexes.ascending("department", "city"));

        List<Document> customers = new ArrayList<>();
        for (int i = 1; i <= 420; i++) {
            customers.add(new Document("_id", String.format("CUS-%05d", i))
                    .append("name", pick(r, LAST) + " " + pick(r, new String[] {"Traders", "Industries", "Foods", "Textiles", "Logistics", "Pharma"}))
                    .append("gstin", String.format("%02dABCDE%04dF1Z%d", 10 + r.nextInt(27), r.nextInt(10_000), r.nextInt(10)))
                    .append("city", pick(r, CITIES))
                    .append("creditLimit", new Decimal128(BigDecimal.valueOf(50_000 + r.nextInt(500) * 1_000L)))
                    .append("contacts", List.of(new Document("name", pick(r, FIRST) + " " + pick(r, LAST))
                            .append("phone", "+91 9" + (100_000_000 + r.nextInt(899_999_999))))));
        }
        insert(db, "customers", customers, counts);
        db.getCollection("customers").createIndex(Indexes.ascending("gstin"));

        List<Document> invoices = new ArrayList<>();
        for (int i = 1; i <= 2_400; i++) {
            List<Document> lines = new ArrayList<>();
            BigDecimal total = BigDecimal.ZERO;
            for (int l = 0, n = 1 + r.nextInt(4); l < n; l++) {
                int qty = 1 + r.nextInt(20);
                BigDecimal rate = BigDecimal.valueOf(500 + r.nextInt(40_000), 0);
                BigDecimal amount = rate.multiply(BigDecimal.valueOf(qty));
                total = total.add(amount);
                lines.add(new Document("item", pick(r, ITEMS)).append("qty", qty)
                        .append("rate", new Decimal128(rate)).append("amount", new Decimal128(amount)));
            }
            BigDecimal gst = total.multiply(BigDecimal.valueOf(18)).divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_UP);
            Instant issued = base.plus(r.nextInt(330), ChronoUnit.DAYS);
            byte[] oid = new byte[12];
            r.nextBytes(oid);
            invoices.add(new Document("_id", new ObjectId(oid))
                    .append("number", String.format("INV-2026-%05d", i))
                    .append("customerId", String.format("CUS-%05d", 1 + r.nextInt(420)))
                    .append("issuedOn", Date.from(issued))
                    .append("dueOn", Date.from(issued.plus(30, ChronoUnit.DAYS)))
                    .append("currency", "INR")
                    .append("lines", lines)
                    .append("subtotal", new Decimal128(total.setScale(2, RoundingMode.UNNECESSARY)))
                    .append("gst", new Decimal128(gst))
                    .append("status", r.nextInt(10) < 7 ? "paid" : (r.nextBoolean() ? "unpaid" : "overdue")));
        }
        insert(db, "invoices", invoices, counts);
        db.getCollection("invoices").createIndex(Indexes.ascending("number"), new IndexOptions().unique(true));
        db.getCollection("invoices").createIndex(Indexes.compoundIndex(Indexes.ascending("status"), Indexes.ascending("dueOn")));
        db.getCollection("invoices").createIndex(Indexes.ascending("customerId"));

        List<Document> leads = new ArrayList<>();
        for (int i = 1; i <= 1_300; i++) {
            leads.add(new Document("_id", String.format("LEAD-%05d", i))
                    .append("name", pick(r, FIRST) + " " + pick(r, LAST))
                    .append("company", pick(r, LAST) + " & Co")
                    .append("stage", pick(r, STAGES))
                    .append("source", pick(r, SOURCES))
                    .append("expectedValue", 10_000L * (1 + r.nextInt(300)))
                    .append("ownerId", String.format("EMP-%04d", 1 + r.nextInt(240)))
                    .append("createdAt", Date.from(base.plus(r.nextInt(300 * 24), ChronoUnit.HOURS)))
                    .append("tags", r.nextBoolean() ? List.of("hot") : List.of("nurture", pick(r, CITIES).toLowerCase())));
        }
        insert(db, "leads", leads, counts);
        db.getCollection("leads").createIndex(Indexes.ascending("stage", "ownerId"));

        List<Document> settings = List.of(
                new Document("_id", "workspace").append("name", "Acme Traders").append("timeZone", Tenant.DEFAULT_ZONE_ID)
                        .append("currency", "INR").append("fiscalYearStartsMonth", 4),
                new Document("_id", "invoicing").append("prefix", "INV-2026-").append("gstRatePercent", 18)
                        .append("paymentTermsDays", 30),
                new Document("_id", "backups").append("frequency", "24-hour").append("retentionNote", "default policy"),
                new Document("_id", "branding").append("primaryColour", "#0b5fff").append("logo", "acme.png"),
                new Document("_id", "payroll").append("payDay", 28).append("pfEnabled", true),
                new Document("_id", "crm").append("stages", List.of(STAGES)).append("autoAssign", true));
        insert(db, "settings", settings, counts);
        return counts;
    }

    private static void insert(MongoDatabase db, String name, List<Document> docs, Map<String, Integer> counts) {
        MongoCollection<Document> c = db.getCollection(name);
        c.insertMany(docs);
        counts.put(name, docs.size());
    }

    private static String pick(Random r, String[] a) {
        return a[r.nextInt(a.length)];
    }

    /** Count and SHA-256 of one collection: every document's exact BSON bytes, in _id order. */
    record Fingerprint(long count, String sha256, int indexes) {
        String shortSha() {
            return sha256.substring(0, 12);
        }
    }

    static Map<String, Fingerprint> fingerprint(MongoDatabase db) {
        Map<String, Fingerprint> out = new TreeMap<>();
        for (String name : COLLECTIONS) {
            MessageDigest md;
            try {
                md = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            long n = 0;
            for (RawBsonDocument d : db.getCollection(name, RawBsonDocument.class).find().sort(Sorts.ascending("_id")).batchSize(500)) {
                md.update(d.getByteBuffer().asNIO());
                n++;
            }
            int indexes = 0;
            for (Document ignored : db.getCollection(name).listIndexes()) {
                indexes++;
            }
            out.put(name, new Fingerprint(n, HexFormat.of().formatHex(md.digest()), indexes));
        }
        return out;
    }
}
