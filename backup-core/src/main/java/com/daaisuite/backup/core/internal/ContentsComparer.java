package com.daaisuite.backup.core.internal;

import com.daaisuite.backup.core.CollectionComparison;
import com.daaisuite.backup.core.CollectionComparison.Status;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Merges two finished {@link ContentsScan}s entry by entry (both ordered by collection, then identity,
 * then digest), so that a comparison holds one entry of each side in memory: per collection, the
 * documents only in A, only in B, changed (same identity, other digest) and the same, with the first
 * identities of each kind as samples.
 */
final class ContentsComparer {
    private ContentsComparer() {}

    private static final class Tally {
        long onlyInA;
        long onlyInB;
        long changed;
        long same;
        final List<byte[]> sA = new ArrayList<>();
        final List<byte[]> sB = new ArrayList<>();
        final List<byte[]> sC = new ArrayList<>();
    }

    /**
     * @param a the first scan (its entries are consumed)
     * @param b the second scan (its entries are consumed)
     * @param knownSame collections both sides recorded with one digest: not entered by either scan, all same
     * @param samples how many identities of each kind to keep per collection
     * @param idText how identities are shown
     * @return one comparison per collection in A or B, by name
     */
    static List<CollectionComparison> compare(ContentsScan a, ContentsScan b, Set<String> knownSame, int samples,
            Function<byte[], String> idText) throws IOException {
        Map<String, Tally> tallies = new TreeMap<>();
        ContentsScan.Entries ea = a.entries();
        ContentsScan.Entries eb = b.entries();
        while (true) {
            ContentsScan.Entry x = ea.peek();
            ContentsScan.Entry y = eb.peek();
            if (x == null && y == null) {
                break;
            }
            int cmp = x == null ? 1 : y == null ? -1 : Arrays.compareUnsigned(x.raw(), 0, x.raw().length - ContentsScan.DIGEST,
                    y.raw(), 0, y.raw().length - ContentsScan.DIGEST);
            if (cmp < 0) {
                Tally t = tallies.computeIfAbsent(x.collection(), n -> new Tally());
                t.onlyInA++;
                keep(t.sA, x.id(), samples);
                ea.next();
            } else if (cmp > 0) {
                Tally t = tallies.computeIfAbsent(y.collection(), n -> new Tally());
                t.onlyInB++;
                keep(t.sB, y.id(), samples);
                eb.next();
            } else {
                Tally t = tallies.computeIfAbsent(x.collection(), n -> new Tally());
                if (Arrays.equals(x.digest(), y.digest())) {
                    t.same++;
                } else {
                    t.changed++;
                    keep(t.sC, x.id(), samples);
                }
                ea.next();
                eb.next();
            }
        }
        Set<String> names = new TreeSet<>(a.collections().keySet());
        names.addAll(b.collections().keySet());
        List<CollectionComparison> out = new ArrayList<>();
        for (String name : names) {
            ContentsScan.Collection ca = a.collections().get(name);
            ContentsScan.Collection cb = b.collections().get(name);
            Tally t = tallies.getOrDefault(name, new Tally());
            if (knownSame.contains(name) && ca != null && cb != null) {
                t.same = ca.documents;
            }
            List<String> ixA = ca == null ? List.of() : ca.indexNames;
            List<String> ixB = cb == null ? List.of() : cb.indexNames;
            Status status;
            if (ca == null) {
                status = Status.ADDED;
            } else if (cb == null) {
                status = Status.REMOVED;
            } else {
                boolean sameDocs = t.onlyInA == 0 && t.onlyInB == 0 && t.changed == 0;
                boolean sameShape = ca.type.equals(cb.type) && new TreeSet<>(ixA).equals(new TreeSet<>(ixB));
                status = sameDocs && sameShape ? Status.SAME : Status.CHANGED;
            }
            out.add(new CollectionComparison(name, status, t.onlyInA, t.onlyInB, t.changed, t.same, texts(t.sA, idText),
                    texts(t.sB, idText), texts(t.sC, idText), minus(ixA, ixB), minus(ixB, ixA)));
        }
        return out;
    }

    private static void keep(List<byte[]> list, byte[] id, int samples) {
        if (list.size() < samples) {
            list.add(id);
        }
    }

    private static List<String> texts(List<byte[]> ids, Function<byte[], String> idText) {
        return ids.stream().map(idText).toList();
    }

    private static List<String> minus(List<String> x, List<String> y) {
        return x.stream().filter(n -> !y.contains(n)).sorted().toList();
    }
}
