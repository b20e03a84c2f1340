package com.daaisuite.backup.core;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of a snapshots page, typed: the listing entry and the snapshot's manifest, from
 * {@link SnapshotCatalog#listWithDetails}. The accessors answer what a page shows; a snapshot
 * without a readable manifest (an archive copied in by hand, or one whose manifest could not be
 * written) has an empty {@link #manifest()}, an empty note, empty optionals and zero counts, while
 * everything the listing knows (name, label, time, size, encrypted, pinned) is still here.
 *
 * <p>Each row also carries its tenant's zone and active flag, so that a page shows local times and a
 * "suspended" mark without asking the tenant directory again.
 *
 * @param snapshot the listing entry
 * @param manifest the manifest, when found and valid
 * @param zone the tenant's time zone ({@link #createdAtLocal()})
 * @param tenantActive false when the tenant is suspended (no scheduled backups are taken)
 * @param retention how long it is kept, as the retention policy and the engine decide (see
 *     {@link RetentionPolicy#promises}): a list shows it as it is, without restating the rules
 * @param drill the last restore drill of this snapshot ({@link DrillService}), if one was kept beside it
 */
public record SnapshotInfo(Snapshot snapshot, Optional<SnapshotManifest> manifest, ZoneId zone, boolean tenantActive,
        SnapshotRetention retention, Optional<DrillResult> drill) {

    /** Validates. */
    public SnapshotInfo {
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(drill, "drill");
    }

    /**
     * A row without a drill, as before drills were part of it.
     *
     * @param snapshot the listing entry
     * @param manifest the manifest, when found and valid
     * @param zone the tenant's time zone
     * @param tenantActive false when the tenant is suspended
     * @param retention how long it is kept
     */
    public SnapshotInfo(Snapshot snapshot, Optional<SnapshotManifest> manifest, ZoneId zone, boolean tenantActive,
            SnapshotRetention retention) {
        this(snapshot, manifest, zone, tenantActive, retention, Optional.empty());
    }

    /**
     * A row whose retention is not stated (kept as the policy decides).
     *
     * @param snapshot the listing entry
     * @param manifest the manifest, when found and valid
     * @param zone the tenant's time zone
     * @param tenantActive false when the tenant is suspended
     */
    public SnapshotInfo(Snapshot snapshot, Optional<SnapshotManifest> manifest, ZoneId zone, boolean tenantActive) {
        this(snapshot, manifest, zone, tenantActive, SnapshotRetention.asPolicyDecides(snapshot.label(), false)
                .withProtections(snapshot.pinned(), false));
    }

    /**
     * What a list shows as "proven restorable on …": when this snapshot's last drill started, if it passed.
     *
     * @return the time of the passed drill, or empty (never drilled, or its last drill failed)
     */
    public Optional<java.time.Instant> provenRestorableAt() {
        return drill.filter(DrillResult::passed).map(DrillResult::startedAt);
    }

    /**
     * A row of an active tenant in {@link Tenant#DEFAULT_ZONE}.
     *
     * @param snapshot the listing entry
     * @param manifest the manifest, when found and valid
     */
    public SnapshotInfo(Snapshot snapshot, Optional<SnapshotManifest> manifest) {
        this(snapshot, manifest, Tenant.DEFAULT_ZONE, true);
    }

    /** @return when the snapshot was taken, in the tenant's zone (what the Date/Time column shows) */
    public ZonedDateTime createdAtLocal() {
        return snapshot.createdAtIn(zone);
    }

    /** @return the Backup Now note, "" for none (at most {@link BackupService#MAX_NOTE_LENGTH} characters) */
    public String note() {
        return manifest.map(SnapshotManifest::note).orElse("");
    }

    /** @return the id of who took the snapshot ({@code admin}, {@code system:scheduler}), if recorded */
    public Optional<String> actor() {
        return manifest.flatMap(SnapshotManifest::actor);
    }

    /** @return why it was taken, if recorded */
    public Optional<BackupTrigger> trigger() {
        return manifest.map(SnapshotManifest::trigger);
    }

    /** @return documents in the archive (0 without a manifest) */
    public long documents() {
        return manifest.map(SnapshotManifest::documents).orElse(0L);
    }

    /** @return documents per collection (empty without a manifest) */
    public Map<String, Long> documentsPerCollection() {
        Map<String, Long> m = new LinkedHashMap<>();
        manifest.ifPresent(x -> x.collections().forEach(c -> m.put(c.name(), c.documents())));
        return m;
    }

    /** @return uncompressed payload bytes (0 without a manifest) */
    public long payloadBytes() {
        return manifest.map(SnapshotManifest::payloadBytes).orElse(0L);
    }

    /** @return the archive's size in storage */
    public long archiveBytes() {
        return snapshot.sizeBytes();
    }

    /** @return the DBK1 key id an encrypted snapshot was made with, if recorded */
    public Optional<String> keyId() {
        return manifest.flatMap(SnapshotManifest::keyId);
    }

    /** @return whether the dump was point-in-time consistent, if recorded */
    public Optional<Boolean> pointInTime() {
        return manifest.map(SnapshotManifest::pointInTime);
    }

    /**
     * @return the collections it alone holds when it is the safety backup of a restore of part of the database
     *     ({@link SnapshotManifest#onlyCollections()}); empty for a snapshot of the whole database or without a manifest
     */
    public Optional<java.util.List<String>> onlyCollections() {
        return manifest.flatMap(SnapshotManifest::onlyCollections);
    }

    /** @return true if the snapshot is encrypted (DBK1 {@code .gz.enc}) */
    public boolean encrypted() {
        return snapshot.encrypted();
    }

    /** @return true if the snapshot is pinned (legal hold): never pruned or deleted until unpinned */
    public boolean pinned() {
        return snapshot.pinned();
    }
}
