package com.daaisuite.backup.mongo.internal.archive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;

/** Seeded random archives: namespaces, metadata, raw documents of many types and sizes, interleavings. */
final class RandomArchives {
    private RandomArchives() {
    }

    /** An archive and the entries a reader must yield for it, in order. */
    record Case(long seed, ArchiveHeader header, List<CollectionMetadata> prelude, byte[] archive, List<ArchiveEntry> expected) {
    }

    static Case generate(long seed) {
        Random r = new Random(seed);
        int n = 1 + r.nextInt(5);
        List<CollectionMetadata> prelude = new ArrayList<>();
        List<String> bodyCollections = new ArrayList<>();
        List<List<byte[]>> docs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String db = r.nextBoolean() ? "tenant_a" : "tenant_é" + r.nextInt(3);
            String coll = name(r, i);
            boolean ts = r.nextInt(8) == 0;
            prelude.add(new CollectionMetadata(db, coll, metadata(r, coll), ts ? "timeseries" : r.nextInt(6) == 0 ? "" : "collection"));
            bodyCollections.add(ts && r.nextBoolean() ? NamespaceTable.BUCKETS_PREFIX + coll : coll);
            int count = r.nextInt(4) == 0 ? 0 : r.nextInt(30);
            List<byte[]> list = new ArrayList<>();
            for (int k = 0; k < count; k++) {
                list.add(document(r, k));
            }
            docs.add(list);
        }
        ArchiveHeader header = new ArchiveHeader(1 + r.nextInt(8), "0.1", (4 + r.nextInt(5)) + ".0." + r.nextInt(20), "daai-backup test");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<ArchiveEntry> expected = new ArrayList<>();
        try (ArchiveWriter w = new ArchiveWriter(out, header, prelude)) {
            int[] next = new int[n];
            Crc64[] crc = new Crc64[n];
            long[] bytes = new long[n];
            List<Integer> open = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                open.add(i);
                crc[i] = new Crc64();
            }
            int current = open.get(r.nextInt(open.size()));
            while (!open.isEmpty()) {
                if (r.nextInt(4) == 0 || !open.contains(current)) {
                    current = open.get(r.nextInt(open.size()));
                }
                int i = current;
                String db = prelude.get(i).db();
                String coll = bodyCollections.get(i);
                if (next[i] < docs.get(i).size()) {
                    // write a run of documents from this namespace
                    int run = 1 + r.nextInt(5);
                    for (int k = 0; k < run && next[i] < docs.get(i).size(); k++) {
                        byte[] d = docs.get(i).get(next[i]++);
                        w.writeDocument(db, coll, d, 0, d.length);
                        crc[i].update(d);
                        bytes[i] += d.length;
                        expected.add(new ArchiveEntry.Document(db, coll, d));
                    }
                } else {
                    w.endNamespace(db, coll);
                    expected.add(new ArchiveEntry.NamespaceEnd(db, coll, docs.get(i).size(), bytes[i], crc[i].getValue()));
                    open.remove(Integer.valueOf(i));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Case(seed, header, prelude, out.toByteArray(), expected);
    }

    private static String name(Random r, int i) {
        String[] stems = {"leads", "audit.log", "Ünïcødé", "x", "$weird name", "system.profile_like", "日本"};
        return stems[r.nextInt(stems.length)] + i;
    }

    private static String metadata(Random r, String coll) {
        switch (r.nextInt(3)) {
            case 0:
                return "";
            case 1:
                return "{\"indexes\":[{\"key\":{\"_id\":{\"$numberInt\":\"1\"}},\"name\":\"_id_\",\"v\":{\"$numberInt\":\"2\"}}],"
                        + "\"collectionName\":" + new BsonDocument("n", new BsonString(coll)).toJson().replaceFirst("^\\{\"n\": ", "")
                        .replaceFirst("}$", "") + ",\"type\":\"collection\"}";
            default:
                BsonDocument m = new BsonDocument("options", new BsonDocument("capped", BsonBoolean.TRUE).append("size", new BsonInt64(r.nextInt(1 << 20))))
                        .append("indexes", new BsonArray())
                        .append("uuid", new BsonString(Long.toHexString(r.nextLong()) + Long.toHexString(r.nextLong())))
                        .append("collectionName", new BsonString(coll));
                return m.toJson();
        }
    }

    static byte[] document(Random r, int k) {
        BsonDocument d = new BsonDocument("_id", r.nextBoolean() ? new BsonInt32(k) : new BsonObjectId(new ObjectId()));
        int fields = r.nextInt(8);
        for (int f = 0; f < fields; f++) {
            d.append("f" + f, value(r, 0));
        }
        int size = r.nextInt(20);
        if (size == 0) {
            d.append("blob", new BsonBinary(bytes(r, 5_000 + r.nextInt(60_000))));
        } else if (size == 1 && r.nextInt(20) == 0) {
            d.append("blob", new BsonBinary(bytes(r, 1_000_000 + r.nextInt(200_000))));
        }
        return Archives.bson(d);
    }

    private static BsonValue value(Random r, int depth) {
        switch (r.nextInt(depth > 2 ? 10 : 12)) {
            case 0: return new BsonInt32(r.nextInt());
            case 1: return new BsonInt64(r.nextLong());
            case 2: return new BsonDouble(r.nextBoolean() ? r.nextDouble() : -0.0);
            case 3: return new BsonString("s" + r.nextInt() + (r.nextBoolean() ? "ü€😀" : ""));
            case 4: return new BsonBinary(bytes(r, r.nextInt(64)));
            case 5: return BsonBoolean.valueOf(r.nextBoolean());
            case 6: return BsonNull.VALUE;
            case 7: return new BsonDateTime(r.nextLong());
            case 8: return new BsonDecimal128(Decimal128.parse(Long.toString(r.nextLong()) + ".5"));
            case 9: return new BsonObjectId(new ObjectId());
            case 10: {
                BsonDocument sub = new BsonDocument();
                for (int i = r.nextInt(4); i > 0; i--) {
                    sub.append("k" + i, value(r, depth + 1));
                }
                return sub;
            }
            default: {
                BsonArray a = new BsonArray();
                for (int i = r.nextInt(4); i > 0; i--) {
                    a.add(value(r, depth + 1));
                }
                return a;
            }
        }
    }

    private static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }
}
