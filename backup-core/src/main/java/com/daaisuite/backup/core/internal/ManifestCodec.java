package com.daaisuite.backup.core.internal;

import com.daaisuite.backup.core.BackupTrigger;
import com.daaisuite.backup.core.ManifestInvalidException;
import com.daaisuite.backup.core.SnapshotLabel;
import com.daaisuite.backup.core.SnapshotManifest;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The one codec of {@link SnapshotManifest}: a pure function between the record and the UTF-8 JSON
 * bytes stored beside an archive, with no I/O, so that whatever wraps the bytes (sealing, storage)
 * stays outside it. Field names are the stored form's, unchanged since version 1.
 *
 * <p>Decoding is strict about what it needs (every required field present with its type, values
 * consistent, per {@link SnapshotManifest}'s validation) and lenient about what it does not: unknown
 * fields are ignored, so a same-version manifest with an extra field still reads. Anything else is a
 * {@link ManifestInvalidException}; no other exception escapes.
 */
public final class ManifestCodec {
    /** Manifests are a few kilobytes; anything larger is not one of ours. */
    public static final int MAX_BYTES = 1 << 20;

    private ManifestCodec() {}

    /**
     * @param m the manifest
     * @return its stored form, UTF-8 JSON
     */
    public static byte[] encode(SnapshotManifest m) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("manifestVersion", m.schemaVersion());
        o.put("tenantId", m.tenantId());
        o.put("archive", m.archive());
        o.put("label", m.label().label());
        o.put("trigger", m.trigger().name().toLowerCase(Locale.ROOT));
        o.put("createdAt", m.createdAt().toString());
        o.put("encrypted", m.encrypted());
        o.put("keyId", m.keyId().orElse(null));
        o.put("segmentSize", m.segmentSize().orElse(null));
        o.put("compressionLevel", m.compressionLevel());
        o.put("archiveBytes", m.archiveBytes());
        o.put("archiveSha256", m.archiveSha256());
        o.put("payloadFormat", m.payloadFormat());
        o.put("payloadBytes", m.payloadBytes());
        o.put("database", m.database());
        o.put("documents", m.documents());
        List<Object> cols = new ArrayList<>();
        for (SnapshotManifest.CollectionEntry c : m.collections()) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("name", c.name());
            cm.put("type", c.type());
            cm.put("documents", c.documents());
            cm.put("bytes", c.bytes());
            cm.put("indexes", c.indexes());
            // Written only when recorded, so a manifest without the contents engine's fields reads as before.
            c.contentsDigest().ifPresent(d -> cm.put("contentsDigest", d));
            if (!c.indexNames().isEmpty()) {
                cm.put("indexNames", c.indexNames());
            }
            cols.add(cm);
        }
        o.put("collections", cols);
        o.put("pointInTime", m.pointInTime());
        o.put("serverVersion", m.serverVersion().orElse(null));
        o.put("warnings", m.warnings());
        o.put("durationMillis", m.duration().toMillis());
        o.put("committedAt", m.committedAt().map(Instant::toString).orElse(null));
        o.put("libraryVersion", m.libraryVersion());
        o.put("node", m.node());
        o.put("actor", m.actor().orElse(null));
        o.put("note", m.note());
        m.contentsDigest().ifPresent(d -> o.put("contentsDigest", d));
        m.onlyCollections().ifPresent(l -> o.put("onlyCollections", l));
        return Json.write(o).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @param bytes a stored manifest
     * @return the validated manifest
     * @throws ManifestInvalidException if the bytes are not a valid manifest this library can read
     */
    public static SnapshotManifest decode(byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            throw invalid("it is " + bytes.length + " bytes, more than the " + MAX_BYTES + " a manifest may have", null);
        }
        Map<String, Object> o;
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            o = Json.readObject(text);
        } catch (CharacterCodingException e) {
            throw invalid("it is not UTF-8", e);
        } catch (RuntimeException e) {
            throw invalid("it is not a JSON object (" + e.getMessage() + ")", e);
        }
        try {
            List<SnapshotManifest.CollectionEntry> cols = new ArrayList<>();
            for (Object c : list(o, "collections")) {
                if (!(c instanceof Map<?, ?> cm)) {
                    throw invalid("an entry of collections is not an object", null);
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> e = (Map<String, Object>) cm;
                cols.add(new SnapshotManifest.CollectionEntry(string(e, "name"), string(e, "type"), integer(e, "documents"),
                        integer(e, "bytes"), toInt(e, "indexes"), optionalString(e, "contentsDigest"), strings(e, "indexNames")));
            }
            List<String> warnings = new ArrayList<>();
            for (Object w : list(o, "warnings")) {
                if (!(w instanceof String s)) {
                    throw invalid("an entry of warnings is not a string", null);
                }
                warnings.add(s);
            }
            return new SnapshotManifest(toInt(o, "manifestVersion"), string(o, "tenantId"), string(o, "archive"),
                    SnapshotLabel.fromLabel(string(o, "label")), trigger(string(o, "trigger")),
                    Instant.parse(string(o, "createdAt")), bool(o, "encrypted"), optionalString(o, "keyId"),
                    optionalInteger(o, "segmentSize").map(ManifestCodec::narrow), toInt(o, "compressionLevel"),
                    integer(o, "archiveBytes"), string(o, "archiveSha256"), string(o, "payloadFormat"),
                    integer(o, "payloadBytes"), string(o, "database"), integer(o, "documents"), cols, bool(o, "pointInTime"),
                    optionalString(o, "serverVersion"), warnings, Duration.ofMillis(integer(o, "durationMillis")),
                    optionalString(o, "committedAt").map(Instant::parse), string(o, "libraryVersion"), string(o, "node"),
                    optionalString(o, "actor"), string(o, "note"), optionalString(o, "contentsDigest"),
                    o.get("onlyCollections") == null ? Optional.empty() : Optional.of(strings(o, "onlyCollections")));
        } catch (ManifestInvalidException e) {
            throw e;
        } catch (DateTimeParseException e) {
            throw invalid("a time is not an ISO-8601 instant (" + e.getParsedString() + ")", e);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw invalid(e.getMessage(), e);
        }
    }

    private static ManifestInvalidException invalid(String problem, Throwable cause) {
        return new ManifestInvalidException("Invalid snapshot manifest: " + problem + ".", cause);
    }

    private static Object required(Map<String, Object> o, String field) {
        if (!o.containsKey(field) || o.get(field) == null) {
            throw invalid("field " + field + " is missing", null);
        }
        return o.get(field);
    }

    private static String string(Map<String, Object> o, String field) {
        if (required(o, field) instanceof String s) {
            return s;
        }
        throw invalid("field " + field + " is not a string", null);
    }

    private static Optional<String> optionalString(Map<String, Object> o, String field) {
        return o.get(field) == null ? Optional.empty() : Optional.of(string(o, field));
    }

    private static long integer(Map<String, Object> o, String field) {
        if (required(o, field) instanceof Long l) {
            return l;
        }
        throw invalid("field " + field + " is not an integer", null);
    }

    private static Optional<Long> optionalInteger(Map<String, Object> o, String field) {
        return o.get(field) == null ? Optional.empty() : Optional.of(integer(o, field));
    }

    private static int toInt(Map<String, Object> o, String field) {
        return narrow(integer(o, field));
    }

    private static int narrow(long v) {
        return Math.toIntExact(v);
    }

    private static boolean bool(Map<String, Object> o, String field) {
        if (required(o, field) instanceof Boolean b) {
            return b;
        }
        throw invalid("field " + field + " is not true or false", null);
    }

    private static List<?> list(Map<String, Object> o, String field) {
        if (required(o, field) instanceof List<?> l) {
            return l;
        }
        throw invalid("field " + field + " is not a list", null);
    }

    /** An optional list of strings: absent is empty. */
    private static List<String> strings(Map<String, Object> o, String field) {
        if (o.get(field) == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Object v : list(o, field)) {
            if (!(v instanceof String s)) {
                throw invalid("an entry of " + field + " is not a string", null);
            }
            out.add(s);
        }
        return out;
    }

    private static BackupTrigger trigger(String s) {
        for (BackupTrigger t : BackupTrigger.values()) {
            if (t.name().toLowerCase(Locale.ROOT).equals(s)) {
                return t;
            }
        }
        throw invalid("trigger '" + s + "' is none of scheduled, manual, pre_restore", null);
    }
}
