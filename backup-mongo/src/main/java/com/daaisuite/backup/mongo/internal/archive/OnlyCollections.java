package com.daaisuite.backup.mongo.internal.archive;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The value of the header's {@value ArchiveHeader#ONLY_COLLECTIONS} field: a JSON array of collection
 * names in one BSON string (mongorestore skips unknown header fields of any type, and a string keeps
 * {@link BsonLite} free of arrays). Read strictly: anything but a non-empty array of distinct,
 * non-empty names is a malformed header, because the mark decides whether a payload may replace a
 * whole database.
 */
final class OnlyCollections {
    /** More names than any database holds: a bound on what a hostile header can make us allocate. */
    static final int MAX_NAMES = 100_000;

    private OnlyCollections() {}

    static String toJson(List<String> names) {
        StringBuilder b = new StringBuilder("[");
        for (String n : names) {
            if (b.length() > 1) {
                b.append(',');
            }
            b.append('"');
            for (int i = 0; i < n.length(); i++) {
                char c = n.charAt(i);
                if (c == '"' || c == '\\') {
                    b.append('\\').append(c);
                } else if (c < 0x20) {
                    b.append(String.format("\\u%04x", (int) c));
                } else {
                    b.append(c);
                }
            }
            b.append('"');
        }
        return b.append(']').toString();
    }

    static List<String> fromJson(String json) throws BsonLite.Malformed {
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int[] at = {skip(json, 0)};
        expect(json, at, '[');
        at[0] = skip(json, at[0]);
        if (at[0] < json.length() && json.charAt(at[0]) == ']') {
            throw new BsonLite.Malformed(ArchiveHeader.ONLY_COLLECTIONS + " names no collection");
        }
        while (true) {
            at[0] = skip(json, at[0]);
            String name = string(json, at);
            if (name.isEmpty() || name.indexOf('\0') >= 0) {
                throw new BsonLite.Malformed(ArchiveHeader.ONLY_COLLECTIONS + " holds an empty or invalid collection name");
            }
            if (!seen.add(name)) {
                throw new BsonLite.Malformed(ArchiveHeader.ONLY_COLLECTIONS + " names collection '" + name + "' twice");
            }
            if (names.size() == MAX_NAMES) {
                throw new BsonLite.Malformed(ArchiveHeader.ONLY_COLLECTIONS + " names more than " + MAX_NAMES + " collections");
            }
            names.add(name);
            at[0] = skip(json, at[0]);
            if (at[0] < json.length() && json.charAt(at[0]) == ',') {
                at[0]++;
                continue;
            }
            expect(json, at, ']');
            break;
        }
        if (skip(json, at[0]) != json.length()) {
            throw new BsonLite.Malformed(ArchiveHeader.ONLY_COLLECTIONS + " has text after its list");
        }
        return names;
    }

    private static int skip(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\n' || s.charAt(i) == '\r')) {
            i++;
        }
        return i;
    }

    private static void expect(String s, int[] at, char c) throws BsonLite.Malformed {
        if (at[0] >= s.length() || s.charAt(at[0]) != c) {
            throw new BsonLite.Malformed(ArchiveHeader.ONLY_COLLECTIONS + " is not a JSON list of names (expected '" + c
                    + "' at character " + at[0] + ")");
        }
        at[0]++;
    }

    private static String string(String s, int[] at) throws BsonLite.Malformed {
        expect(s, at, '"');
        StringBuilder b = new StringBuilder();
        while (true) {
            if (at[0] >= s.length()) {
                throw new BsonLite.Malformed(ArchiveHeader.ONLY_COLLECTIONS + " has an unterminated name");
            }
            char c = s.charAt(at[0]++);
            if (c == '"') {
                return b.toString();
            }
            if (c < 0x20) {
                throw new BsonLite.Malformed(ArchiveHeader.ONLY_COLLECTIONS + " has a control character in a name");
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (at[0] >= s.length()) {
                throw new BsonLite.Malformed(ArchiveHeader.ONLY_COLLECTIONS + " has an unterminated escape");
            }
            char e = s.charAt(at[0]++);
            switch (e) {
                case '"', '\\', '/' -> b.append(e);
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'u' -> {
                    if (at[0] + 4 > s.length()) {
                        throw new BsonLite.Malformed(ArchiveHeader.ONLY_COLLECTIONS + " has a short \\u escape");
                    }
                    int v = 0;
                    for (int k = 0; k < 4; k++) {
                        char h = s.charAt(at[0]++);
                        int d = h < 128 ? Character.digit(h, 16) : -1;
                        if (d < 0) {
                            throw new BsonLite.Malformed(ArchiveHeader.ONLY_COLLECTIONS + " has a bad \\u escape");
                        }
                        v = v * 16 + d;
                    }
                    b.append((char) v);
                }
                default -> throw new BsonLite.Malformed(ArchiveHeader.ONLY_COLLECTIONS + " has an unknown escape \\" + e);
            }
        }
    }
}
