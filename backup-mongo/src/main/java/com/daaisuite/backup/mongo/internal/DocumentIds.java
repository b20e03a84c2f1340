package com.daaisuite.backup.mongo.internal;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.bson.BsonBinaryReader;
import org.bson.BsonBinaryWriter;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonType;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

/**
 * A document's identity as the contents engine matches it: the BSON type byte of {@code _id} followed
 * by the value's exact bytes, taken from the raw document without decoding it (BSON-exact: the int 1
 * and the double 1.0 are different identities, as they are different {@code _id}s to MongoDB).
 */
public final class DocumentIds {
    private static final JsonWriterSettings CANONICAL = JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();

    private DocumentIds() {}

    /**
     * @param bson a raw document (length prefix and trailing 0 included)
     * @return its identity, or an empty array when it has no {@code _id}
     * @throws org.bson.BsonSerializationException if the document is malformed
     */
    public static byte[] of(byte[] bson) {
        try (BsonBinaryReader r = new BsonBinaryReader(ByteBuffer.wrap(bson))) {
            r.readStartDocument();
            while (r.readBsonType() != BsonType.END_OF_DOCUMENT) {
                String name = r.readName();
                if (name.equals("_id")) {
                    byte type = (byte) r.getCurrentBsonType().getValue();
                    int start = r.getBsonInput().getPosition();
                    r.skipValue();
                    int end = r.getBsonInput().getPosition();
                    byte[] id = new byte[1 + end - start];
                    id[0] = type;
                    System.arraycopy(bson, start, id, 1, end - start);
                    return id;
                }
                r.skipValue();
            }
            return new byte[0];
        }
    }

    /**
     * @param id an identity from {@link #of}
     * @return the {@code _id} in canonical extended JSON, or {@code null} (JSON) for a document without one
     */
    public static String toText(byte[] id) {
        if (id.length == 0) {
            return "null";
        }
        // { <type> "_id\0" <value> } : 4 + 1 + 4 + value + 1
        byte[] doc = new byte[4 + 1 + 4 + (id.length - 1) + 1];
        ByteBuffer b = ByteBuffer.wrap(doc).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putInt(doc.length).put(id[0]).put(new byte[] {'_', 'i', 'd', 0}).put(id, 1, id.length - 1).put((byte) 0);
        BsonValue v = new RawBsonDocument(doc).get("_id");
        String json = new BsonDocument("v", v).toJson(CANONICAL);
        // {"v": <value>}
        return json.substring(json.indexOf(':') + 1, json.length() - 1).trim();
    }

    /**
     * @param text canonical or relaxed extended JSON, or a plain string or number
     * @return its identity
     * @throws IllegalArgumentException if the text is blank
     */
    public static byte[] fromText(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the id is empty");
        }
        BsonValue v;
        try {
            v = BsonDocument.parse("{\"_id\": " + text.trim() + "}").get("_id");
        } catch (RuntimeException notJson) {
            v = new BsonString(text); // a plain string such as INV-001
        }
        BasicOutputBuffer out = new BasicOutputBuffer();
        try (BsonBinaryWriter w = new BsonBinaryWriter(out)) {
            new BsonDocumentCodec().encode(w, new BsonDocument("_id", v), EncoderContext.builder().build());
        }
        return of(Arrays.copyOf(out.getInternalBuffer(), out.getPosition()));
    }
}
