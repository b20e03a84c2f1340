package com.daaisuite.backup.mongo.internal;

import com.daaisuite.backup.core.SourceException;
import com.daaisuite.backup.core.spi.DocumentWriter;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;

/**
 * The document restore's writes into a live MongoDB collection, by {@code _id} and BSON-exact: the
 * live versions are read raw, a missing document is inserted, a different one replaced whole (unless
 * missing only), an identical one left alone. Each write is idempotent, so repeating the whole call
 * after an interruption ends where one call would have. A document inserted by someone else between
 * the read and the insert is left as it is (the duplicate key is the answer, not an error).
 */
public final class MongoDocumentWriter implements DocumentWriter {
    private final MongoClient client;

    /** @param client the client (not closed here) */
    public MongoDocumentWriter(MongoClient client) {
        this.client = client;
    }

    @Override
    public Predicate<byte[]> filter(String filter) {
        return DocumentFilter.compile(filter);
    }

    @Override
    public byte[] idOf(byte[] document) {
        return DocumentIds.of(document);
    }

    @Override
    public List<byte[]> find(String database, String collection, List<byte[]> ids) {
        MongoCollection<RawBsonDocument> c = collection(database, collection);
        List<BsonValue> values = ids.stream().map(MongoDocumentWriter::idValue).toList();
        Map<ByteBuffer, byte[]> live = new HashMap<>();
        try {
            for (RawBsonDocument d : c.find(Filters.in("_id", values))) {
                byte[] bytes = Arrays.copyOf(d.getByteBuffer().array(), d.getByteBuffer().remaining());
                live.put(ByteBuffer.wrap(DocumentIds.of(bytes)), bytes);
            }
        } catch (MongoException e) {
            throw new SourceException("Reading documents of " + database + "." + collection + " failed: " + e.getMessage()
                    + ". Check that the database is reachable and try again.", e);
        }
        List<byte[]> out = new ArrayList<>(ids.size());
        for (byte[] id : ids) {
            out.add(live.get(ByteBuffer.wrap(id)));
        }
        return out;
    }

    @Override
    public Outcome write(String database, String collection, List<byte[]> documents, boolean missingOnly) {
        List<byte[]> ids = documents.stream().map(DocumentIds::of).toList();
        List<byte[]> live = find(database, collection, ids);
        MongoCollection<RawBsonDocument> c = collection(database, collection);
        long inserted = 0;
        long replaced = 0;
        long unchanged = 0;
        for (int i = 0; i < documents.size(); i++) {
            byte[] doc = documents.get(i);
            byte[] now = live.get(i);
            try {
                if (now == null) {
                    c.insertOne(new RawBsonDocument(doc));
                    inserted++;
                } else if (missingOnly || Arrays.equals(now, doc)) {
                    unchanged++;
                } else {
                    c.replaceOne(Filters.eq("_id", idValue(ids.get(i))), new RawBsonDocument(doc));
                    replaced++;
                }
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY || now != null) {
                    throw failed(database, collection, inserted, replaced, e);
                }
                unchanged++; // inserted by someone else meanwhile: theirs is newer than our read, keep it
            } catch (MongoException e) {
                throw failed(database, collection, inserted, replaced, e);
            }
        }
        return new Outcome(inserted, replaced, unchanged);
    }

    private static SourceException failed(String database, String collection, long inserted, long replaced, MongoException e) {
        return new SourceException("Writing a document into " + database + "." + collection + " failed after " + inserted
                + " inserts and " + replaced + " replacements in this batch: " + e.getMessage()
                + ". Nothing was deleted; run the same restore again to finish it.", e);
    }

    private MongoCollection<RawBsonDocument> collection(String database, String collection) {
        return client.getDatabase(database).getCollection(collection, RawBsonDocument.class);
    }

    /** The {@code _id} value an identity stands for (see {@link DocumentIds}). */
    static BsonValue idValue(byte[] id) {
        byte[] doc = new byte[4 + 1 + 4 + (id.length - 1) + 1];
        ByteBuffer b = ByteBuffer.wrap(doc).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putInt(doc.length).put(id[0]).put(new byte[] {'_', 'i', 'd', 0}).put(id, 1, id.length - 1).put((byte) 0);
        BsonValue v = new RawBsonDocument(doc).get("_id");
        return new BsonDocument("_id", v).get("_id");
    }
}
