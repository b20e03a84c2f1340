package com.daaisuite.backup.mongo;

import com.mongodb.client.MongoDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonJavaScript;
import org.bson.BsonMaxKey;
import org.bson.BsonMinKey;
import org.bson.BsonNull;
import org.bson.BsonObjectId;
import org.bson.BsonRegularExpression;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;

/** Test data: what a database holds (for "unchanged" and "identical" checks), random documents, fixtures. */
final class MongoData {
    private MongoData() {}

    /** One collection's state: type, documents by _id as base64 of their exact BSON bytes, indexes without v/ns. */
    record CollectionState(String type, Map<String, String> documents, List<BsonDocument> indexes) {}

    /** Everything a database holds, except the server's system collections. */
    static Map<String, CollectionState> stateOf(MongoDatabase db) {
        Map<String, CollectionState> state = new TreeMap<>();
        for (BsonDocument info : db.listCollections(BsonDocument.class)) {
            String name = info.getString("name").getValue();
            if (name.startsWith("system.")) {
                continue;
            }
            String type = info.getString("type", new BsonString("collection")).getValue();
            Map<String, String> docs = new TreeMap<>();
            List<BsonDocument> indexes = new ArrayList<>();
            if (!"view".equals(type)) {
                for (RawBsonDocument d : db.getCollection(name, RawBsonDocument.class).find().batchSize(500)) {
                    byte[] bytes = new byte[d.getByteBuffer().remaining()];
                    d.getByteBuffer().get(bytes);
                    String previous = docs.put(d.get("_id").toString(), Base64.getEncoder().encodeToString(bytes));
                    if (previous != null) {
                        throw new AssertionError("duplicate _id " + d.get("_id") + " in " + name);
                    }
                }
                for (BsonDocument index : db.getCollection(name).listIndexes(BsonDocument.class)) {
                    indexes.add(withoutVersion(index));
                }
                indexes.sort(Comparator.comparing(i -> i.getString("name").getValue()));
            }
            state.put(name, new CollectionState(type, docs, indexes));
        }
        return state;
    }

    /** An index spec as the restore should reproduce it: without the server-managed v and ns, numbers normalised. */
    static BsonDocument withoutVersion(BsonDocument index) {
        BsonDocument copy = new BsonDocument();
        for (Map.Entry<String, BsonValue> e : index.entrySet()) {
            if (!e.getKey().equals("v") && !e.getKey().equals("ns")) {
                copy.put(e.getKey(), normalise(e.getValue()));
            }
        }
        return copy;
    }

    /** Numbers compared by value: servers answer int32 where a spec said int64 and the reverse. */
    static BsonValue normalise(BsonValue v) {
        if (v.isNumber()) {
            return new BsonDouble(v.asNumber().doubleValue());
        }
        if (v.isDocument()) {
            BsonDocument d = new BsonDocument();
            v.asDocument().forEach((k, x) -> d.put(k, normalise(x)));
            return d;
        }
        if (v.isArray()) {
            BsonArray a = new BsonArray();
            v.asArray().forEach(x -> a.add(normalise(x)));
            return a;
        }
        return v;
    }

    static byte[] gunzipResource(String path) throws IOException {
        try (InputStream in = MongoData.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IOException("missing test resource " + path);
            }
            try (GZIPInputStream gz = new GZIPInputStream(in)) {
                return gz.readAllBytes();
            }
        }
    }

    static String resourceText(String path) throws IOException {
        try (InputStream in = MongoData.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IOException("missing test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static byte[] bytes(ByteArrayOutputStream out) {
        return out.toByteArray();
    }

    /** Random documents over the BSON types both mongo-java-server and MongoDB store unchanged. */
    static final class Generator {
        private final Random random;
        private final boolean exotic;
        private int seq;

        Generator(long seed, boolean exotic) {
            this.random = new Random(seed);
            this.exotic = exotic;
        }

        Random random() {
            return random;
        }

        /** A document with _id first (both servers then keep the bytes), a unique seq, and random fields. */
        BsonDocument document() {
            BsonDocument d = new BsonDocument();
            int n = seq++;
            d.put("_id", switch (random.nextInt(4)) {
                case 0 -> new BsonObjectId(new ObjectId());
                case 1 -> new BsonString("id-" + n);
                case 2 -> new BsonInt32(n);
                default -> new BsonInt64(1_000_000_000_000L + n);
            });
            d.put("seq", new BsonInt32(n));
            d.put("a", new BsonInt32(random.nextInt(10)));
            int fields = random.nextInt(8);
            for (int i = 0; i < fields; i++) {
                d.put("f" + i, value(0));
            }
            return d;
        }

        BsonValue value(int depth) {
            int kinds = depth >= 3 ? 17 : 19;
            int k = random.nextInt(exotic ? kinds + 1 : kinds);
            return switch (k) {
                case 0 -> new BsonDouble(switch (random.nextInt(6)) {
                    case 0 -> Double.NaN;
                    case 1 -> -0.0;
                    case 2 -> Double.POSITIVE_INFINITY;
                    case 3 -> Double.NEGATIVE_INFINITY;
                    default -> random.nextGaussian() * 1e6;
                });
                case 1 -> new BsonString(string());
                case 2 -> new BsonBinary((byte) 0, bytes(random.nextInt(40)));
                case 3 -> new BsonBinary((byte) 3, bytes(16));
                case 4 -> new BsonBinary((byte) 4, bytes(16));
                case 5 -> new BsonObjectId(new ObjectId());
                case 6 -> BsonBoolean.valueOf(random.nextBoolean());
                case 7 -> new BsonDateTime(random.nextLong() % 10_000_000_000_000L);
                case 8 -> BsonNull.VALUE;
                case 9 -> new BsonRegularExpression("^" + word() + ".*", random.nextBoolean() ? "i" : "");
                case 10 -> new BsonJavaScript("function(){return " + random.nextInt(100) + ";}");
                case 11 -> new BsonInt32(random.nextInt());
                case 12 -> new BsonTimestamp(random.nextInt(Integer.MAX_VALUE), random.nextInt(1000));
                case 13 -> new BsonInt64(random.nextLong());
                case 14 -> new BsonDecimal128(random.nextInt(10) == 0 ? Decimal128.NaN
                        : new Decimal128(new BigDecimal(random.nextLong()).movePointLeft(random.nextInt(10))));
                case 15 -> new BsonMinKey();
                case 16 -> new BsonMaxKey();
                case 17 -> {
                    BsonDocument d = new BsonDocument();
                    int n = random.nextInt(4);
                    for (int i = 0; i < n; i++) {
                        d.put("k" + i, value(depth + 1));
                    }
                    yield d;
                }
                case 18 -> {
                    BsonArray a = new BsonArray();
                    int n = random.nextInt(4);
                    for (int i = 0; i < n; i++) {
                        a.add(value(depth + 1));
                    }
                    yield a;
                }
                default -> exoticValue();
            };
        }

        /** Types only a real MongoDB keeps (mongo-java-server alters or refuses them). */
        private BsonValue exoticValue() {
            return switch (random.nextInt(5)) {
                case 0 -> new BsonBinary((byte) 5, bytes(16));
                case 1 -> new BsonBinary((byte) 0x80, bytes(8));
                case 2 -> new org.bson.BsonSymbol(word());
                case 3 -> new org.bson.BsonJavaScriptWithScope("x", new BsonDocument("x", new BsonInt32(1)));
                default -> new BsonBinary((byte) 6, bytes(12));
            };
        }

        private byte[] bytes(int n) {
            byte[] b = new byte[n];
            random.nextBytes(b);
            return b;
        }

        private String word() {
            return Integer.toString(random.nextInt(1_000_000), 36);
        }

        private String string() {
            return switch (random.nextInt(4)) {
                case 0 -> "";
                case 1 -> "Grüße, 東京 " + word();
                case 2 -> "x".repeat(random.nextInt(300));
                default -> word();
            };
        }
    }

    static Map<String, Object> summaryCounts(Map<String, CollectionState> state) {
        Map<String, Object> counts = new LinkedHashMap<>();
        state.forEach((k, v) -> counts.put(k, v.documents().size()));
        return counts;
    }
}
