package com.daaisuite.backup.core.internal;

import com.daaisuite.backup.core.SnapshotManifest;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the informational reads (compare, find) may say about a snapshot that holds only some
 * collections ({@link SnapshotManifest#onlyCollections()}): nothing about the collections it does not
 * hold. Known from the sealed manifest; a partial snapshot whose manifest is gone reads as a whole one
 * here (its missing collections as absent), which misleads no restore: restores read the mark from the
 * authenticated payload.
 */
final class PartialScopes {
    private PartialScopes() {}

    /**
     * @return the collections both sides can speak for, or null when both are whole
     */
    static Set<String> common(Optional<SnapshotManifest> a, Optional<SnapshotManifest> b) {
        Optional<List<String>> x = a.flatMap(SnapshotManifest::onlyCollections);
        Optional<List<String>> y = b.flatMap(SnapshotManifest::onlyCollections);
        if (x.isEmpty() && y.isEmpty()) {
            return null;
        }
        Set<String> out = new TreeSet<>(x.orElseGet(() -> y.orElseThrow()));
        y.ifPresent(out::retainAll);
        return out;
    }

    /** @return whether {@code m} (when known) holds {@code collection} as it was, present or absent */
    static boolean covers(Optional<SnapshotManifest> m, String collection) {
        return m.flatMap(SnapshotManifest::onlyCollections).map(l -> l.contains(collection)).orElse(true);
    }
}
