package com.daaisuite.backup.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The manifest written beside each archive ({@code <archive>.manifest.json}) once it is committed:
 * what was backed up, how, by whom, and the archive's size and SHA-256 for verification. The archive
 * is the truth; the manifest describes it.
 *
 * <p>The record is validated when built, so a manifest read from storage is either complete and
 * consistent or refused with a {@link ManifestInvalidException}. {@link #schemaVersion()} is the
 * version of the stored form ({@value #SCHEMA_VERSION} today); a manifest written by a newer library
 * is refused rather than half-understood.
 *
 * @param schemaVersion the stored form's version, 1..{@value #SCHEMA_VERSION}
 * @param tenantId the tenant
 * @param archive the archive's file name
 * @param label the snapshot's label
 * @param trigger why the backup ran
 * @param createdAt the snapshot's time (the one in its name)
 * @param encrypted whether the archive is DBK1
 * @param keyId the DBK1 key id, present exactly when encrypted
 * @param segmentSize the DBK1 segment size, present exactly when encrypted
 * @param compressionLevel the gzip level, 1..9
 * @param archiveBytes the archive's size in bytes
 * @param archiveSha256 the archive's SHA-256, 64 lower-case hex digits
 * @param payloadFormat the source's payload format (such as {@code mongodump-archive})
 * @param payloadBytes the uncompressed payload's size
 * @param database the database dumped
 * @param documents the documents dumped
 * @param collections what each collection held
 * @param pointInTime whether the dump was a point-in-time snapshot
 * @param serverVersion the database server's version, when known
 * @param warnings the dump's warnings
 * @param duration how long the backup took
 * @param committedAt when storage committed the archive, when it says
 * @param libraryVersion the library that wrote it
 * @param node the node that wrote it
 * @param actor who asked for it, when known
 * @param note the operator's note (empty when none)
 * @param contentsDigest the whole snapshot's contents digest (see {@link SnapshotContents#digest()}),
 *     present when every collection's digest was recorded at backup time; empty in older manifests
 * @param onlyCollections present when the snapshot holds only these collections of its database (the
 *     pre-restore safety backup of a collections or documents restore covers only what that restore
 *     replaces); such a snapshot can be restored collection by collection, never as the whole database.
 *     Written with schema version 2, so that a library that does not know the field refuses the manifest
 *     rather than mistaking the snapshot for a whole one. The archive's payload carries the same mark,
 *     and a restore trusts that one
 */
public record SnapshotManifest(int schemaVersion, String tenantId, String archive, SnapshotLabel label, BackupTrigger trigger,
        Instant createdAt, boolean encrypted, Optional<String> keyId, Optional<Integer> segmentSize, int compressionLevel,
        long archiveBytes, String archiveSha256, String payloadFormat, long payloadBytes, String database, long documents,
        List<CollectionEntry> collections, boolean pointInTime, Optional<String> serverVersion, List<String> warnings,
        Duration duration, Optional<Instant> committedAt, String libraryVersion, String node, Optional<String> actor,
        String note, Optional<String> contentsDigest, Optional<List<String>> onlyCollections) {

    /** The newest version of the stored form this library reads and writes (2 only for a partial snapshot). */
    public static final int SCHEMA_VERSION = 2;
    /** The version written for a snapshot of the whole database, which every library since the first reads. */
    public static final int WHOLE_DATABASE_SCHEMA_VERSION = 1;

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /**
     * One collection in the dump.
     *
     * @param name the collection's name
     * @param type {@code collection}, {@code view} or {@code timeseries}
     * @param documents its documents
     * @param bytes its payload bytes
     * @param indexes its indexes
     * @param contentsDigest its contents digest (see {@link CollectionContents#digest()}), recorded at
     *     backup time since the contents engine; empty in older manifests
     * @param indexNames its indexes' names, recorded alongside the digest; empty in older manifests
     */
    public record CollectionEntry(String name, String type, long documents, long bytes, int indexes,
            Optional<String> contentsDigest, List<String> indexNames) {
        /** Validates: names present, counts not negative, a digest of 64 lower-case hex digits. */
        public CollectionEntry {
            require(name != null && !name.isEmpty(), "a collection has no name");
            require(type != null && !type.isEmpty(), "collection " + name + " has no type");
            require(documents >= 0 && bytes >= 0 && indexes >= 0, "collection " + name + " has a negative count");
            require(contentsDigest != null && contentsDigest.map(d -> SHA256.matcher(d).matches()).orElse(true),
                    "collection " + name + " has a contents digest that is not 64 lower-case hex digits");
            require(indexNames != null && indexNames.stream().allMatch(Objects::nonNull), "collection " + name + " has no index names");
            indexNames = List.copyOf(indexNames);
        }

        /** An entry without contents digest or index names, as manifests before the contents engine had. */
        public CollectionEntry(String name, String type, long documents, long bytes, int indexes) {
            this(name, type, documents, bytes, indexes, Optional.empty(), List.of());
        }
    }

    /** Validates every component; see the class documentation. */
    public SnapshotManifest {
        require(schemaVersion >= 1, "schema version " + schemaVersion + " is not a version");
        require(schemaVersion <= SCHEMA_VERSION, "schema version " + schemaVersion + " was written by a newer library (this one reads up to "
                + SCHEMA_VERSION + "); upgrade the library to read it");
        require(tenantId != null && !tenantId.isEmpty(), "tenantId is missing");
        require(archive != null && !archive.isEmpty(), "archive is missing");
        require(label != null, "label is missing");
        require(trigger != null, "trigger is missing");
        require(createdAt != null, "createdAt is missing");
        require(keyId != null && segmentSize != null && serverVersion != null && committedAt != null && actor != null,
                "an optional component is null");
        require(encrypted == keyId.isPresent(), encrypted ? "an encrypted archive has no keyId" : "a plaintext archive has a keyId");
        require(encrypted == segmentSize.isPresent(),
                encrypted ? "an encrypted archive has no segmentSize" : "a plaintext archive has a segmentSize");
        require(segmentSize.map(s -> s > 0).orElse(true), "segmentSize is not positive");
        require(compressionLevel >= 1 && compressionLevel <= 9, "compressionLevel " + compressionLevel + " is not 1..9");
        require(archiveBytes >= 0 && payloadBytes >= 0 && documents >= 0, "a size or count is negative");
        require(archiveSha256 != null && SHA256.matcher(archiveSha256).matches(), "archiveSha256 is not 64 lower-case hex digits");
        require(payloadFormat != null && !payloadFormat.isEmpty(), "payloadFormat is missing");
        require(database != null, "database is missing");
        require(collections != null && collections.stream().allMatch(Objects::nonNull), "collections are missing");
        require(warnings != null && warnings.stream().allMatch(Objects::nonNull), "warnings are missing");
        require(duration != null && !duration.isNegative(), "duration is missing or negative");
        require(libraryVersion != null && node != null && note != null, "libraryVersion, node or note is missing");
        require(contentsDigest != null && contentsDigest.map(d -> SHA256.matcher(d).matches()).orElse(true),
                "contentsDigest is not 64 lower-case hex digits");
        require(onlyCollections != null && onlyCollections.map(l -> !l.isEmpty() && l.stream().allMatch(n -> n != null && !n.isEmpty())
                && l.stream().distinct().count() == l.size()).orElse(true), "onlyCollections is empty or names a collection twice");
        require(onlyCollections.isEmpty() || schemaVersion >= 2, "onlyCollections needs schema version 2");
        onlyCollections = onlyCollections.map(l -> l.stream().sorted().toList());
        collections = List.copyOf(collections);
        warnings = List.copyOf(warnings);
    }

    /**
     * A manifest without a contents digest, as written before the contents engine: the components
     * of {@link SnapshotManifest} but the last.
     */
    public SnapshotManifest(int schemaVersion, String tenantId, String archive, SnapshotLabel label, BackupTrigger trigger,
            Instant createdAt, boolean encrypted, Optional<String> keyId, Optional<Integer> segmentSize, int compressionLevel,
            long archiveBytes, String archiveSha256, String payloadFormat, long payloadBytes, String database, long documents,
            List<CollectionEntry> collections, boolean pointInTime, Optional<String> serverVersion, List<String> warnings,
            Duration duration, Optional<Instant> committedAt, String libraryVersion, String node, Optional<String> actor,
            String note) {
        this(schemaVersion, tenantId, archive, label, trigger, createdAt, encrypted, keyId, segmentSize, compressionLevel,
                archiveBytes, archiveSha256, payloadFormat, payloadBytes, database, documents, collections, pointInTime,
                serverVersion, warnings, duration, committedAt, libraryVersion, node, actor, note, Optional.empty(), Optional.empty());
    }

    /**
     * A manifest of a whole-database snapshot: the components of {@link SnapshotManifest} but the last.
     */
    public SnapshotManifest(int schemaVersion, String tenantId, String archive, SnapshotLabel label, BackupTrigger trigger,
            Instant createdAt, boolean encrypted, Optional<String> keyId, Optional<Integer> segmentSize, int compressionLevel,
            long archiveBytes, String archiveSha256, String payloadFormat, long payloadBytes, String database, long documents,
            List<CollectionEntry> collections, boolean pointInTime, Optional<String> serverVersion, List<String> warnings,
            Duration duration, Optional<Instant> committedAt, String libraryVersion, String node, Optional<String> actor,
            String note, Optional<String> contentsDigest) {
        this(schemaVersion, tenantId, archive, label, trigger, createdAt, encrypted, keyId, segmentSize, compressionLevel,
                archiveBytes, archiveSha256, payloadFormat, payloadBytes, database, documents, collections, pointInTime,
                serverVersion, warnings, duration, committedAt, libraryVersion, node, actor, note, contentsDigest, Optional.empty());
    }

    /** @return true when the snapshot holds only some collections of its database ({@link #onlyCollections()}) */
    public boolean partial() {
        return onlyCollections.isPresent();
    }

    /**
     * @return whether every collection's contents digest and the snapshot's were recorded at backup time
     */
    public boolean hasContentsDigests() {
        return contentsDigest.isPresent() && collections.stream().allMatch(c -> c.contentsDigest().isPresent());
    }

    private static void require(boolean ok, String problem) {
        if (!ok) {
            throw new ManifestInvalidException("Invalid snapshot manifest: " + problem + ".");
        }
    }
}
