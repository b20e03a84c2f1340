package com.daaisuite.backup.core.internal;

import com.daaisuite.backup.core.Origin;
import com.daaisuite.backup.core.Snapshot;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The rules for snapshots whose origin no key can prove (docs/security.md, "Legacy plaintext").
 * Encrypted snapshots are {@link Origin#VERIFIED}: their content is authenticated under the tenant's
 * key as it is read, and a name that promises encryption over other content is refused by
 * {@link ArchiveFormat#openNamed}. Plaintext is judged against the tenant's first encrypted
 * snapshot: once a tenant has one, this library never writes plaintext for it again while a key is
 * configured, so newer plaintext is most likely planted by someone with write access to storage.
 */
public final class OriginRules {
    private final boolean refusePlaintext;

    /** @param refusePlaintext true to refuse every plaintext snapshot (the host's setting) */
    public OriginRules(boolean refusePlaintext) {
        this.refusePlaintext = refusePlaintext;
    }

    /** @return whether every plaintext snapshot is refused */
    public boolean refusesPlaintext() {
        return refusePlaintext;
    }

    /**
     * @param s the snapshot to restore
     * @param all the tenant's snapshots (the listing)
     * @return the origin rule that applies
     */
    Origin judge(Snapshot s, List<Snapshot> all) {
        if (s.encrypted()) {
            return Origin.VERIFIED;
        }
        if (refusePlaintext) {
            return Origin.REFUSED;
        }
        Optional<Snapshot> first = firstEncrypted(all);
        if (first.isPresent() && s.createdAt().isAfter(first.get().createdAt())) {
            return Origin.NEEDS_OVERRIDE;
        }
        return Origin.LEGACY_PLAINTEXT;
    }

    /** The sentence the preview and the refusal show about the origin. */
    String explain(Origin o, Snapshot s, List<Snapshot> all) {
        return switch (o) {
            case VERIFIED -> "Encrypted: its content is authenticated under the tenant's key while it is restored.";
            case LEGACY_PLAINTEXT -> "Legacy plaintext archive: its origin cannot be verified (anyone with write access"
                    + " to the storage could have written it). It can be restored; the restore is audited.";
            case NEEDS_OVERRIDE -> "Plaintext archive newer than the tenant's first encrypted snapshot ("
                    + firstEncrypted(all).map(Snapshot::fileName).orElse("?") + "): its origin cannot be verified, and"
                    + " this library does not write plaintext once a tenant is encrypted, so it was most likely planted."
                    + " It is refused unless the restore explicitly accepts an unverified origin"
                    + " (RestoreRequest.acceptingUnverifiedOrigin(), CLI --accept-unverified-origin).";
            case REFUSED -> "Plaintext archive: its origin cannot be verified, and this deployment refuses plaintext"
                    + " entirely (refusePlaintext). Convert legacy archives with 'daai-backup encrypt' instead.";
        };
    }

    private static Optional<Snapshot> firstEncrypted(List<Snapshot> all) {
        return all.stream().filter(Snapshot::encrypted).min(Comparator.comparing(Snapshot::createdAt));
    }
}
