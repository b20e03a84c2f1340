package com.daaisuite.backup.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The frozen DBK1 v1 known-answer vectors in {@code src/test/resources/dbk1/dbk1-v1-kat.txt}: blocks
 * of {@code name: value} lines separated by blank lines. Plaintexts are hex, or {@code pattern:N}
 * meaning N bytes where byte i is {@code i mod 251}.
 */
final class KnownAnswerVectors {
    static final String RESOURCE = "/dbk1/dbk1-v1-kat.txt";
    /** Version 2 (bound to the archive's name and creation time): the same layout plus {@code archive_name} and {@code created_at}. */
    static final String RESOURCE_V2 = "/dbk1/dbk1-v2-kat.txt";

    /** The generation inputs; fixed forever. */
    static final byte[] MASTER_KEY = HexFormat.of().parseHex(
            "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    static final byte[] SALT = HexFormat.of().parseHex(
            "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf");
    static final byte[] NONCE_PREFIX = HexFormat.of().parseHex("c0c1c2c3c4c5c6");

    record Vector(String name, byte[] masterKey, String tenant, int segmentSize, byte[] salt, byte[] noncePrefix,
            String plaintextSpec, byte[] archive, String archiveName, java.time.Instant createdAt) {
        byte[] plaintext() {
            return KnownAnswerVectors.plaintext(plaintextSpec);
        }
    }

    private KnownAnswerVectors() {}

    static byte[] plaintext(String spec) {
        if (spec.startsWith("pattern:")) {
            byte[] p = new byte[Integer.parseInt(spec.substring(8))];
            for (int i = 0; i < p.length; i++) {
                p[i] = (byte) (i % 251);
            }
            return p;
        }
        return HexFormat.of().parseHex(spec);
    }

    static List<Vector> load() {
        return load(RESOURCE);
    }

    static List<Vector> load(String resource) {
        try (InputStream in = KnownAnswerVectors.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            List<Vector> out = new ArrayList<>();
            Map<String, String> block = new LinkedHashMap<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n", -1)) {
                if (line.startsWith("#")) {
                    continue;
                }
                if (line.isBlank()) {
                    if (!block.isEmpty()) {
                        out.add(toVector(block));
                        block = new LinkedHashMap<>();
                    }
                    continue;
                }
                int colon = line.indexOf(": ");
                block.put(line.substring(0, colon), line.substring(colon + 2).strip());
            }
            if (!block.isEmpty()) {
                out.add(toVector(block));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Vector toVector(Map<String, String> b) {
        HexFormat hex = HexFormat.of();
        return new Vector(b.get("name"), hex.parseHex(b.get("master_key")), b.get("tenant"),
                Integer.parseInt(b.get("segment_size")), hex.parseHex(b.get("salt")), hex.parseHex(b.get("nonce_prefix")),
                b.get("plaintext"), hex.parseHex(b.get("archive")), b.get("archive_name"),
                b.get("created_at") == null ? null : java.time.Instant.parse(b.get("created_at")));
    }

    /** Writes the vectors once; run by hand, never by the build: {@code java ... KnownAnswerVectors <file>}. */
    public static void main(String[] args) throws Exception {
        String[][] cases = {
            {"empty plaintext", "acme", "4096", ""},
            {"short plaintext, one final segment", "acme", "4096", HexFormat.of().formatHex(
                    "hello, DBK1".getBytes(StandardCharsets.US_ASCII))},
            {"exactly one full segment", "acme", "4096", "pattern:4096"},
            {"two full segments and a short final one", "tenant-42", "4096", "pattern:8197"},
        };
        StringBuilder sb = new StringBuilder();
        sb.append("# DBK1 v1 known-answer vectors. Frozen: never regenerate; a change here is a format change.\n");
        sb.append("# plaintext pattern:N = N bytes, byte i = i mod 251. Specified in docs/dbk1.md.\n\n");
        for (String[] c : cases) {
            byte[] archive = ReferenceDbk1.encrypt(MASTER_KEY, c[1], Integer.parseInt(c[2]), SALT, NONCE_PREFIX,
                    plaintext(c[3]));
            sb.append("name: ").append(c[0]).append('\n');
            sb.append("master_key: ").append(HexFormat.of().formatHex(MASTER_KEY)).append('\n');
            sb.append("tenant: ").append(c[1]).append('\n');
            sb.append("segment_size: ").append(c[2]).append('\n');
            sb.append("salt: ").append(HexFormat.of().formatHex(SALT)).append('\n');
            sb.append("nonce_prefix: ").append(HexFormat.of().formatHex(NONCE_PREFIX)).append('\n');
            sb.append("plaintext: ").append(c[3]).append('\n');
            sb.append("archive: ").append(HexFormat.of().formatHex(archive)).append("\n\n");
        }
        Files.writeString(Path.of(args[0]), sb.toString(), StandardCharsets.US_ASCII);
    }

    /** Writes the version 2 vectors once, by hand, like {@link #main}. */
    static String writeV2() throws Exception {
        String[][] cases = {
            {"bound, short plaintext, one final segment", "acme", "4096", HexFormat.of().formatHex(
                    "hello, DBK1".getBytes(StandardCharsets.US_ASCII)), "manual_20261126T100000Z.gz.enc",
                    "2026-11-26T10:00:00Z"},
            {"bound, two full segments and a short final one", "tenant-42", "4096", "pattern:8197",
                    "daily_20260101T000000Z.gz.enc", "2026-01-01T00:00:00.123Z"},
        };
        StringBuilder sb = new StringBuilder();
        sb.append("# DBK1 v2 known-answer vectors (the header binds the archive's name and creation time).\n");
        sb.append("# Frozen: never regenerate; a change here is a format change. Specified in docs/dbk1.md.\n\n");
        for (String[] c : cases) {
            byte[] archive = ReferenceDbk1.encryptBound(MASTER_KEY, c[1], Integer.parseInt(c[2]), c[4],
                    java.time.Instant.parse(c[5]), SALT, NONCE_PREFIX, plaintext(c[3]));
            sb.append("name: ").append(c[0]).append('\n');
            sb.append("master_key: ").append(HexFormat.of().formatHex(MASTER_KEY)).append('\n');
            sb.append("tenant: ").append(c[1]).append('\n');
            sb.append("archive_name: ").append(c[4]).append('\n');
            sb.append("created_at: ").append(c[5]).append('\n');
            sb.append("segment_size: ").append(c[2]).append('\n');
            sb.append("salt: ").append(HexFormat.of().formatHex(SALT)).append('\n');
            sb.append("nonce_prefix: ").append(HexFormat.of().formatHex(NONCE_PREFIX)).append('\n');
            sb.append("plaintext: ").append(c[3]).append('\n');
            sb.append("archive: ").append(HexFormat.of().formatHex(archive)).append("\n\n");
        }
        return sb.toString();
    }
}
