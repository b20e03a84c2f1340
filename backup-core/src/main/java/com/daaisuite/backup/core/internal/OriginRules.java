package com.daaisuite.backup.core.internal;

import com.daaisuite.backup.core.Origin;
import com.daaisuite.backup.core.Snapshot;
import com.daaisuite.backup.core.spi.OriginLedger;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules for snapshots whose origin no key can prove (docs/security.md, "Legacy plaintext").
 * Encrypted snapshots are {@link Origin#VERIFIED}: their content is authenticated under the tenant's
 * key as it is read, and a name that promises encryption over other content is refused by
 * {@link ArchiveFormat#openNamed}. Plaintext is judged against the instant from which the tenant has
 * encrypted backups, as recorded outside the storage in the {@link OriginLedger}: once a tenant has
 * one, this library never writes plaintext for it again while a key is configured, so newer plaintext
 * is most likely planted by someone with write access to storage. The storage's own earliest encrypted
 * snapshot can only make the rule stricter, never looser: a storage writer can delete or rename it.
 */
public final class OriginRules {
    private static final Logger LOG = LoggerFactory.getLogger(OriginRules.class);
    /** How many of the earliest encrypted snapshots a backfill tries before giving up. */
    private static final int BACKFILL_ATTEMPTS = 16;

    private final boolean refusePlaintext;
    private final OriginLedger ledger;
    private final Manifests manifests;

    /**
     * @param refusePlaintext true to refuse every plaintext snapshot (the host's setting)
     * @param ledger where the instant from which a tenant has encrypted backups is recorded
     * @param manifests the sealed manifests that authenticate a snapshot's name for a backfill
     */
    public OriginRules(boolean refusePlaintext, OriginLedger ledger, Manifests manifests) {
        this.refusePlaintext = refusePlaintext;
        this.ledger = ledger;
        this.manifests = manifests;
    }

    /** @return whether every plaintext snapshot is refused */
    public boolean refusesPlaintext() {
        return refusePlaintext;
    }

    /**
     * What the rules say about a snapshot, and the sentence the preview and the refusal show.
     *
     * @param origin the rule that applies
     * @param note why
     */
    record Verdict(Origin origin, String note) {}

    /**
     * @param tenantId the tenant
     * @param s the snapshot to restore
     * @param l the tenant's listing
     * @return the origin rule that applies, and why
     */
    Verdict judge(String tenantId, Snapshot s, TenantFolders.Listing l) {
        if (s.encrypted()) {
            return new Verdict(Origin.VERIFIED, "Encrypted: its content is authenticated under the tenant's key while it is"
                    + " restored.");
        }
        if (refusePlaintext) {
            return new Verdict(Origin.REFUSED, "Plaintext archive: its origin cannot be verified, and this deployment refuses"
                    + " plaintext entirely (refusePlaintext). Convert legacy archives with 'daai-backup encrypt' instead.");
        }
        Optional<Snapshot> firstInStorage = firstEncrypted(l.snapshots());
        Optional<Instant> recorded = encryptedSince(tenantId, l);
        String override = " It is refused unless the restore explicitly accepts an unverified origin"
                + " (RestoreRequest.acceptingUnverifiedOrigin(), CLI --accept-unverified-origin).";
        if (recorded.isPresent() && firstInStorage.isEmpty()) {
            return new Verdict(Origin.NEEDS_OVERRIDE, "Plaintext archive, but this tenant has had encrypted backups since "
                    + recorded.get() + " (recorded in " + ledger.describe() + ") and the storage shows none: they were"
                    + " deleted or renamed, and this archive was most likely planted. Its origin cannot be verified." + override);
        }
        Optional<Instant> since = earliest(recorded, firstInStorage.map(Snapshot::createdAt));
        if (since.isPresent() && s.createdAt().isAfter(since.get())) {
            return new Verdict(Origin.NEEDS_OVERRIDE, "Plaintext archive newer than the tenant's first encrypted snapshot ("
                    + since.get() + firstInStorage.filter(f -> f.createdAt().equals(since.get()))
                            .map(f -> ", " + f.fileName()).orElse(", recorded in " + ledger.describe())
                    + "): its origin cannot be verified, and this library does not write plaintext once a tenant is"
                    + " encrypted, so it was most likely planted." + override);
        }
        return new Verdict(Origin.LEGACY_PLAINTEXT, "Legacy plaintext archive: its origin cannot be verified (anyone with"
                + " write access to the storage could have written it). It can be restored; the restore is audited.");
    }

    /**
     * Records that the tenant has encrypted backups, after one was published: from the earliest
     * authenticated encrypted snapshot already in storage (a deployment older than the record), else
     * from this one. A ledger that cannot be written does not fail the backup; the next one tries again.
     *
     * @param tenantId the tenant
     * @param published the encrypted snapshot just published
     * @param before the listing taken before it was written
     */
    void published(String tenantId, Snapshot published, TenantFolders.Listing before) {
        try {
            if (ledger.encryptedSince(tenantId).isEmpty()) {
                Instant at = earliest(backfill(tenantId, before), Optional.of(published.createdAt())).orElseThrow();
                ledger.record(tenantId, at);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not record in {} that tenant {} has encrypted backups: {}. The next backup tries again.",
                    ledger.describe(), tenantId, e.toString());
        }
    }

    /** The recorded instant; for a deployment older than the record, backfilled from the storage first. */
    private Optional<Instant> encryptedSince(String tenantId, TenantFolders.Listing l) {
        Optional<Instant> recorded = ledger.encryptedSince(tenantId);
        if (recorded.isPresent()) {
            return recorded;
        }
        Optional<Instant> found = backfill(tenantId, l);
        return found.map(at -> ledger.record(tenantId, at));
    }

    /**
     * The creation time of the earliest encrypted snapshot whose sealed manifest authenticates under
     * the tenant's key and names it (so its name, which holds the time, is the one the library gave it).
     */
    private Optional<Instant> backfill(String tenantId, TenantFolders.Listing l) {
        List<Snapshot> oldestFirst = l.snapshots().stream().filter(Snapshot::encrypted)
                .sorted(Comparator.comparing(Snapshot::createdAt)).toList();
        int tried = 0;
        for (Snapshot s : oldestFirst) {
            if (!l.names().contains(Manifests.sealedNameOf(s.fileName()))) {
                continue;
            }
            if (++tried > BACKFILL_ATTEMPTS) {
                break;
            }
            try {
                if (manifests.openSealed(l, tenantId, s).isPresent()) {
                    return Optional.of(s.createdAt());
                }
            } catch (RuntimeException e) {
                // A manifest that does not authenticate is no evidence of anything; try the next one.
                LOG.debug("Backfilling the origin record of {}: {} is not authentic: {}", tenantId, s.fileName(), e.toString());
            }
        }
        return Optional.empty();
    }

    private static Optional<Instant> earliest(Optional<Instant> a, Optional<Instant> b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        return Optional.of(a.get().isBefore(b.get()) ? a.get() : b.get());
    }

    private static Optional<Snapshot> firstEncrypted(List<Snapshot> all) {
        return all.stream().filter(Snapshot::encrypted).min(Comparator.comparing(Snapshot::createdAt));
    }
}
