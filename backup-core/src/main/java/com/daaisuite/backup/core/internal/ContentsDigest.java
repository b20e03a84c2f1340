package com.daaisuite.backup.core.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The contents digests (docs/operations.md, "Choosing a restore point", says how to recompute them):
 * <ul>
 * <li>a document's digest is the SHA-256 of its exact stored bytes (for MongoDB its raw BSON);</li>
 * <li>a collection's contents digest is the SHA-256 of, for every document in ascending unsigned
 *     byte order of these very strings, {@code u32be(length of id) || id || document digest}, where
 *     {@code id} is the BSON type byte of {@code _id} followed by its value's bytes: a set of
 *     documents has one digest whatever order they were stored or read in;</li>
 * <li>a snapshot's digest is the SHA-256 of, for every collection in ascending order of its UTF-8
 *     name, {@code u32be(length of name) || name || collection digest (32 bytes)}.</li>
 * </ul>
 */
final class ContentsDigest {
    /** The digest of a collection without documents (a view, an empty collection): SHA-256 of nothing. */
    static final String EMPTY = hex(ContentsScan.sha256().digest());

    private ContentsDigest() {}

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    /**
     * Reads every entry of a finished scan and digests each collection.
     *
     * @param scan the scan, after its payload was read; its entries are consumed
     * @param known digests already known for collections the scan did not enter
     * @return every collection's digest, by name (sorted)
     */
    static Map<String, String> collections(ContentsScan scan, Map<String, String> known) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (String name : scan.collections().keySet()) {
            out.put(name, known.getOrDefault(name, EMPTY));
        }
        ContentsScan.Entries entries = scan.entries();
        String current = null;
        MessageDigest sha = ContentsScan.sha256();
        for (ContentsScan.Entry e = entries.next(); e != null; e = entries.next()) {
            if (!e.collection().equals(current)) {
                if (current != null) {
                    out.put(current, hex(sha.digest()));
                }
                current = e.collection();
            }
            sha.update(e.raw(), e.tailOffset(), e.raw().length - e.tailOffset());
        }
        if (current != null) {
            out.put(current, hex(sha.digest()));
        }
        return out;
    }

    /**
     * @param collections every collection's digest, by name
     * @return the snapshot's digest
     */
    static String snapshot(Map<String, String> collections) {
        TreeMap<byte[], byte[]> sorted = new TreeMap<>(Arrays::compareUnsigned);
        collections.forEach((name, digest) -> sorted.put(name.getBytes(StandardCharsets.UTF_8), HexFormat.of().parseHex(digest)));
        MessageDigest sha = ContentsScan.sha256();
        for (Map.Entry<byte[], byte[]> e : sorted.entrySet()) {
            sha.update(ByteBuffer.allocate(4).putInt(e.getKey().length).array());
            sha.update(e.getKey());
            sha.update(e.getValue());
        }
        return hex(sha.digest());
    }
}
