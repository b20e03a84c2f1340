package com.daaisuite.backup.mongo.internal.archive;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The few BSON operations the codec needs on its own control documents (header, prelude entries,
 * namespace headers). Hand-written instead of the driver's reader so that every length inside the
 * document is checked against the document's bounds before use: no allocation or skip is ever
 * driven by an unchecked value.
 */
final class BsonLite {
    static final byte DOUBLE = 0x01, STRING = 0x02, DOCUMENT = 0x03, ARRAY = 0x04, BINARY = 0x05, UNDEFINED = 0x06,
            OBJECT_ID = 0x07, BOOLEAN = 0x08, DATE = 0x09, NULL = 0x0A, REGEX = 0x0B, DB_POINTER = 0x0C, CODE = 0x0D,
            SYMBOL = 0x0E, CODE_W_SCOPE = 0x0F, INT32 = 0x10, TIMESTAMP = 0x11, INT64 = 0x12, DECIMAL128 = 0x13,
            MIN_KEY = (byte) 0xFF, MAX_KEY = 0x7F;

    private BsonLite() {
    }

    /** One top-level element: its name, type and where its value starts in the document. */
    record Element(String name, byte type, int valueOffset, int valueLength) {
    }

    /** Thrown with a message relative to the document; the caller adds offset and context. */
    static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    static int readInt32(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8 | (b[off + 2] & 0xFF) << 16 | (b[off + 3] & 0xFF) << 24;
    }

    static long readInt64(byte[] b, int off) {
        return (readInt32(b, off) & 0xFFFFFFFFL) | ((long) readInt32(b, off + 4)) << 32;
    }

    static void writeInt32(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }

    /**
     * Walks the top-level elements of a complete document (length prefix already checked equal to
     * {@code doc.length}), validating every element's extent; nested documents are bounds-checked
     * but not entered.
     */
    static List<Element> elements(byte[] doc) throws Malformed {
        int end = doc.length - 1; // index of the document's trailing 0x00
        if (doc[end] != 0) {
            throw new Malformed("does not end with 0x00");
        }
        List<Element> out = new ArrayList<>(6);
        int p = 4;
        while (p < end) {
            byte type = doc[p++];
            int nameStart = p;
            while (p < end && doc[p] != 0) {
                p++;
            }
            if (p >= end) {
                throw new Malformed("element name at document byte " + nameStart + " runs past the document");
            }
            String name = utf8(doc, nameStart, p - nameStart, "element name");
            p++;
            int v = p;
            int len = valueLength(doc, type, v, end, name);
            out.add(new Element(name, type, v, len));
            p = v + len;
        }
        if (p != end) {
            throw new Malformed("elements overrun the document end");
        }
        return out;
    }

    private static int valueLength(byte[] d, byte type, int v, int end, String name) throws Malformed {
        int avail = end - v;
        switch (type) {
            case DOUBLE: case DATE: case TIMESTAMP: case INT64:
                return fixed(8, avail, name);
            case INT32:
                return fixed(4, avail, name);
            case DECIMAL128:
                return fixed(16, avail, name);
            case OBJECT_ID:
                return fixed(12, avail, name);
            case BOOLEAN:
                fixed(1, avail, name);
                if (d[v] != 0 && d[v] != 1) {
                    throw new Malformed("boolean '" + name + "' has value " + (d[v] & 0xFF) + ", not 0 or 1");
                }
                return 1;
            case UNDEFINED: case NULL: case MIN_KEY: case MAX_KEY:
                return 0;
            case STRING: case CODE: case SYMBOL:
                return stringLength(d, v, avail, name);
            case DB_POINTER:
                int s = stringLength(d, v, avail, name);
                return s + fixed(12, avail - s, name);
            case DOCUMENT: case ARRAY: case CODE_W_SCOPE: {
                fixed(4, avail, name);
                int n = readInt32(d, v);
                if (n < 5 || n > avail || d[v + n - 1] != 0) {
                    throw new Malformed("embedded value '" + name + "' has invalid length " + n);
                }
                return n;
            }
            case BINARY: {
                fixed(5, avail, name);
                int n = readInt32(d, v);
                if (n < 0 || n > avail - 5) {
                    throw new Malformed("binary '" + name + "' has invalid length " + n);
                }
                return n + 5;
            }
            case REGEX: {
                int p = v;
                for (int k = 0; k < 2; k++) {
                    while (p < end && d[p] != 0) {
                        p++;
                    }
                    if (p >= end) {
                        throw new Malformed("regex '" + name + "' runs past the document");
                    }
                    p++;
                }
                return p - v;
            }
            default:
                throw new Malformed("element '" + name + "' has unknown BSON type 0x" + Integer.toHexString(type & 0xFF));
        }
    }

    private static int fixed(int n, int avail, String name) throws Malformed {
        if (n > avail) {
            throw new Malformed("value of '" + name + "' runs past the document");
        }
        return n;
    }

    private static int stringLength(byte[] d, int v, int avail, String name) throws Malformed {
        fixed(4, avail, name);
        int n = readInt32(d, v);
        if (n < 1 || n > avail - 4 || d[v + 4 + n - 1] != 0) {
            throw new Malformed("string '" + name + "' has invalid length " + n);
        }
        return n + 4;
    }

    /** The string value of a STRING element (validated UTF-8). */
    static String stringValue(byte[] doc, Element e) throws Malformed {
        return utf8(doc, e.valueOffset() + 4, e.valueLength() - 5, "string '" + e.name() + "'");
    }

    static String utf8(byte[] b, int off, int len, String what) throws Malformed {
        try {
            CharBuffer cb = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, off, len));
            return cb.toString();
        } catch (CharacterCodingException e) {
            throw new Malformed(what + " is not valid UTF-8");
        }
    }

    static String typeName(byte type) {
        switch (type) {
            case DOUBLE: return "double";
            case STRING: return "string";
            case DOCUMENT: return "document";
            case ARRAY: return "array";
            case BINARY: return "binary";
            case BOOLEAN: return "boolean";
            case INT32: return "int32";
            case INT64: return "int64";
            case NULL: return "null";
            default: return "type 0x" + Integer.toHexString(type & 0xFF);
        }
    }

    /** Builds a flat document of the element types the codec writes, in call order. */
    static final class Builder {
        private byte[] buf = new byte[128];
        private int size = 4;

        Builder string(String name, String value) {
            byte[] v = value.getBytes(StandardCharsets.UTF_8);
            key(STRING, name);
            int4(v.length + 1);
            bytes(v);
            byte1(0);
            return this;
        }

        Builder int32(String name, int value) {
            key(INT32, name);
            int4(value);
            return this;
        }

        Builder int64(String name, long value) {
            key(INT64, name);
            int4((int) value);
            int4((int) (value >>> 32));
            return this;
        }

        Builder bool(String name, boolean value) {
            key(BOOLEAN, name);
            byte1(value ? 1 : 0);
            return this;
        }

        byte[] build() {
            byte1(0);
            writeInt32(buf, 0, size);
            return Arrays.copyOf(buf, size);
        }

        private void key(byte type, String name) {
            byte1(type);
            bytes(name.getBytes(StandardCharsets.UTF_8));
            byte1(0);
        }

        private void int4(int v) {
            ensure(4);
            writeInt32(buf, size, v);
            size += 4;
        }

        private void byte1(int v) {
            ensure(1);
            buf[size++] = (byte) v;
        }

        private void bytes(byte[] v) {
            ensure(v.length);
            System.arraycopy(v, 0, buf, size, v.length);
            size += v.length;
        }

        private void ensure(int n) {
            if (buf.length - size < n) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
            }
        }
    }
}
