package com.daaisuite.backup.mongo.internal.archive;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps body namespaces to prelude entries and tracks each one's count, bytes, CRC and EOF, for the
 * writer and the reader alike. A timeseries entry X is satisfied by body namespace X or
 * {@code system.buckets.X} (servers before 8.3 put the buckets there), not by both.
 */
final class NamespaceTable {
    static final String BUCKETS_PREFIX = "system.buckets.";

    record Key(String db, String collection) {
        @Override
        public String toString() {
            return db + "." + collection;
        }
    }

    static final class State {
        final Key key;
        /** "db.collection", made once: the reader names it in every message it might give. */
        final String ns;
        final int preludeIndex;
        final Crc64 crc = new Crc64();
        long documents;
        long bytes;
        boolean hadDataSegment;
        boolean ended;

        State(Key key, int preludeIndex) {
            this.key = key;
            this.ns = key.toString();
            this.preludeIndex = preludeIndex;
        }
    }

    private final List<CollectionMetadata> prelude;
    private final Map<Key, Integer> byKey;
    private final State[] claimedBy;
    private final Map<Key, State> states = new HashMap<>();
    private int endedCount;

    /** @throws IllegalArgumentException naming the duplicate when a namespace appears twice */
    NamespaceTable(List<CollectionMetadata> prelude) {
        this.prelude = List.copyOf(prelude);
        this.byKey = new HashMap<>(prelude.size() * 2);
        for (int i = 0; i < prelude.size(); i++) {
            CollectionMetadata m = prelude.get(i);
            if (byKey.putIfAbsent(new Key(m.db(), m.collection()), i) != null) {
                throw new IllegalArgumentException("namespace " + m.namespace() + " appears twice in the prelude");
            }
        }
        this.claimedBy = new State[prelude.size()];
    }

    List<CollectionMetadata> prelude() {
        return prelude;
    }

    /**
     * The state of a body namespace, created on first use; null when the prelude has no entry for
     * it, or when its entry is already claimed by the other body name (timeseries).
     */
    State lookup(String db, String collection) {
        Key k = new Key(db, collection);
        State s = states.get(k);
        if (s != null) {
            return s;
        }
        Integer i = byKey.get(k);
        if (i == null && collection.startsWith(BUCKETS_PREFIX)) {
            Integer t = byKey.get(new Key(db, collection.substring(BUCKETS_PREFIX.length())));
            if (t != null && "timeseries".equals(prelude.get(t).type())) {
                i = t;
            }
        }
        if (i == null || claimedBy[i] != null) {
            return null;
        }
        s = new State(k, i);
        claimedBy[i] = s;
        states.put(k, s);
        return s;
    }

    /** Why {@link #lookup} returned null, for the message. */
    String whyUnknown(String db, String collection) {
        Key k = new Key(db, collection);
        Integer i = byKey.get(k);
        if (i == null && collection.startsWith(BUCKETS_PREFIX)) {
            i = byKey.get(new Key(db, collection.substring(BUCKETS_PREFIX.length())));
        }
        if (i != null && claimedBy[i] != null) {
            return "its prelude entry " + prelude.get(i).namespace() + " already has data under namespace " + claimedBy[i].key;
        }
        return "it is not declared in the prelude";
    }

    void markEnded(State s) {
        if (!s.ended) {
            s.ended = true;
            endedCount++;
        }
    }

    /** True when every prelude entry's body namespace has ended; O(1), checked per block. */
    boolean allEnded() {
        return endedCount == claimedBy.length;
    }

    /** Prelude entries without an ended body namespace, in prelude order. */
    List<String> unfinished() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < claimedBy.length; i++) {
            if (claimedBy[i] == null) {
                out.add(prelude.get(i).namespace() + " (never appears)");
            } else if (!claimedBy[i].ended) {
                out.add(claimedBy[i].key + " (no EOF block)");
            }
        }
        return out;
    }
}
