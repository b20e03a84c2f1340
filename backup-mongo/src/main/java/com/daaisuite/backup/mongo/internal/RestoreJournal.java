package com.daaisuite.backup.mongo.internal;

import com.daaisuite.backup.core.spi.JournalSeal;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.bson.BsonArray;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;

/**
 * The plan and progress of one restore of one database, kept in the host-nameable control collection
 * (default {@code daai_backup.restore_journal}), one document per target database:
 *
 * <pre>{@code
 * { _id: <database>, restoreId: "k3x9q2", state: "loading" | "swapping" | "committed", updatedAt: <date>,
 *   attempts: <recoveries begun>, cause: <why the swap goes back, or "">,
 *   moves:     [ { name: <snapshot collection>, staging: <reserved name>, expected: <documents, -1 while loading> } ],
 *   asides:    [ { name: <live collection>, aside: <reserved name> } ],
 *   liveViews: [ { name, options } ],   // live views dropped by the swap, recreated if it is undone
 *   views:     [ { name, options } ],   // the snapshot's views, created by the swap
 *   probes:    [ <reserved name> ],     // the snapshot's views tried under reserved names before the swap
 *   marked:    true,                    // the restore keeps the marker collection <prefix><id>_m (see #marked)
 *   seal:      "j1:<key id>:<hmac>" }   // see JournalSeal; absent when the restore had no seal
 * }</pre>
 *
 * <p>It is written with majority write concern and journaling before the step it announces, and
 * removed only when the restore is complete or undone: a process killed at any moment leaves a
 * journal that says exactly which reserved names exist and where each collection must end up.
 *
 * <p><b>Trust.</b> The entry is data in a collection others may write. Recovery acts on it only if
 * {@link #problem} finds nothing: it is well formed, every reserved name it lists is of its own
 * restore id ({@code <prefix><id>_s<n>}, {@code _a<n>}, {@code _v<n>}), no collection it moves is a
 * reserved or {@code system.} name, and its seal verifies under the tenant's {@link JournalSeal}. The
 * seal covers every field but {@code updatedAt} (the canonical BSON of {@link #content}).
 */
public final class RestoreJournal {
    /** Staging collections are being created and loaded; the live collections are untouched. */
    public static final String LOADING = "loading";
    /** Every staging collection is complete and checked; live collections are being set aside and replaced. */
    public static final String SWAPPING = "swapping";
    /** The snapshot is in place; only the set-aside collections remain to be dropped. */
    public static final String COMMITTED = "committed";

    /** A snapshot collection and where it is staged. */
    public record Move(String name, String staging, long expected) {}

    /** A live collection and the reserved name it is set aside under. */
    public record Aside(String name, String aside) {}

    /** A view: its name and its {@code create} options (viewOn, pipeline, collation). */
    public record View(String name, BsonDocument options) {}

    private static final Set<String> STATES = Set.of(LOADING, SWAPPING, COMMITTED);
    private static final Pattern ID = Pattern.compile("[a-z0-9]{6}");

    final String database;
    final String restoreId;
    final String state;
    final List<Move> moves;
    final List<Aside> asides;
    final List<View> liveViews;
    final List<View> views;
    final List<String> probes;
    /**
     * Whether the restore keeps a marker collection ({@code <prefix><id>_m}) from just after its first journal write
     * until just before the journal is removed. A marked entry whose marker is gone has nothing left to do: it
     * finished (or was undone) and only its removal was lost, or it is an old entry written back (a replay).
     */
    final boolean marked;
    /** Recoveries begun on this entry; bounds how often a swap is tried forward. */
    final int attempts;
    /** Why the swap goes back (a step the server refused); empty while it may go forward. */
    final String cause;
    /** Seals what this process writes; null when the restore has none. Never stored. */
    final JournalSeal sealer;
    /** The seal read with the entry; null when it had none. */
    final String storedSeal;
    /** Why the stored entry could not be read; null when it could. */
    final String malformed;

    public RestoreJournal(String database, String restoreId, String state, List<Move> moves, List<Aside> asides,
            List<View> liveViews, List<View> views) {
        this(database, restoreId, state, moves, asides, liveViews, views, List.of(), false, 0, "", null, null, null);
    }

    RestoreJournal(String database, String restoreId, String state, List<Move> moves, List<Aside> asides, List<View> liveViews,
            List<View> views, List<String> probes, boolean marked, int attempts, String cause, JournalSeal sealer,
            String storedSeal, String malformed) {
        this.database = database;
        this.restoreId = restoreId;
        this.state = state;
        this.moves = List.copyOf(moves);
        this.asides = List.copyOf(asides);
        this.liveViews = List.copyOf(liveViews);
        this.views = List.copyOf(views);
        this.probes = List.copyOf(probes);
        this.marked = marked;
        this.attempts = attempts;
        this.cause = cause;
        this.sealer = sealer;
        this.storedSeal = storedSeal;
        this.malformed = malformed;
    }

    /** @return this entry, sealed with {@code seal} when written (null: unsealed) */
    public RestoreJournal sealedWith(JournalSeal seal) {
        return new RestoreJournal(database, restoreId, state, moves, asides, liveViews, views, probes, marked, attempts, cause, seal,
                storedSeal, malformed);
    }

    RestoreJournal withProbes(List<String> newProbes) {
        return new RestoreJournal(database, restoreId, state, moves, asides, liveViews, views, newProbes, marked, attempts, cause, sealer,
                storedSeal, malformed);
    }

    RestoreJournal withAttempt() {
        return new RestoreJournal(database, restoreId, state, moves, asides, liveViews, views, probes, marked, attempts + 1, cause, sealer,
                storedSeal, malformed);
    }

    RestoreJournal withCause(String why) {
        return new RestoreJournal(database, restoreId, state, moves, asides, liveViews, views, probes, marked, attempts, why, sealer,
                storedSeal, malformed);
    }

    /**
     * Why recovery must not act on this entry, or null when it may.
     *
     * @param prefix the reserved-name prefix of this source
     * @param seal the tenant's seal; null when the caller has none (then only an unsealed, well-formed entry is acted on)
     */
    String problem(String prefix, JournalSeal seal) {
        String structural = structuralProblem(prefix);
        if (structural != null) {
            return structural;
        }
        if (seal == null) {
            // Without the tenant's seal nothing sealed may be handled: rewriting it would strip its seal.
            return storedSeal == null ? null : "it is sealed, and recovery was asked without the tenant's seal (recover it "
                    + "through Backups, which passes the seal)";
        }
        if (!seal.verifies(content(), storedSeal)) {
            return storedSeal == null ? "it carries no seal (written by hand, or by a version before journals were sealed)"
                    : "its seal does not verify under this tenant's key (written by hand, edited, or another tenant's)";
        }
        return null;
    }

    /** Why the entry is not well formed or names what is not its own, or null: the check a dump can make without a key. */
    String structuralProblem(String prefix) {
        if (malformed != null) {
            return "it is malformed (" + malformed + ")";
        }
        if (!ID.matcher(restoreId).matches()) {
            return "its restore id is not 6 characters a-z0-9";
        }
        if (!STATES.contains(state)) {
            return "its state is not one of " + STATES;
        }
        String own = prefix + restoreId;
        for (Move m : moves) {
            if (!reserved(m.staging(), own, 's') || !userName(m.name(), own)) {
                return "it moves '" + m.name() + "' from '" + m.staging() + "', which is not its own reserved staging name";
            }
        }
        for (Aside a : asides) {
            if (!reserved(a.aside(), own, 'a') || !userName(a.name(), own)) {
                return "it sets '" + a.name() + "' aside as '" + a.aside() + "', which is not its own reserved name";
            }
        }
        for (String p : probes) {
            if (!reserved(p, own, 'v')) {
                return "it lists the probe '" + p + "', which is not its own reserved name";
            }
        }
        for (View v : liveViews) {
            if (!userName(v.name(), own)) {
                return "it lists the view '" + v.name() + "'";
            }
        }
        for (View v : views) {
            if (!userName(v.name(), own)) {
                return "it lists the view '" + v.name() + "'";
            }
        }
        return null;
    }

    private static boolean reserved(String name, String own, char kind) {
        return name.length() > own.length() + 2 && name.startsWith(own) && name.charAt(own.length()) == '_'
                && name.charAt(own.length() + 1) == kind && name.substring(own.length() + 2).matches("[1-9][0-9]{0,6}");
    }

    /**
     * A collection name recovery may move: not empty, not the server's, not in this restore's own reserved names.
     * (A user's collection that merely looks like another restore's reserved name is ordinary data.)
     */
    private static boolean userName(String name, String own) {
        return !name.isEmpty() && !name.startsWith("system.") && name.indexOf('$') < 0 && name.indexOf('\0') < 0
                && !name.startsWith(own + "_");
    }

    public String restoreId() {
        return restoreId;
    }

    public String state() {
        return state;
    }

    RestoreJournal withState(String newState) {
        return new RestoreJournal(database, restoreId, newState, moves, asides, liveViews, views, probes, marked, attempts, cause, sealer,
                storedSeal, malformed);
    }

    /** @return the name of this restore's marker collection */
    String marker(String prefix) {
        return prefix + restoreId + "_m";
    }

    /** Every reserved name this journal owns: only these are ever dropped as leftovers. */
    List<String> reservedNames(String prefix) {
        List<String> names = new ArrayList<>();
        moves.forEach(m -> names.add(m.staging()));
        asides.forEach(a -> names.add(a.aside()));
        names.addAll(probes);
        if (marked) {
            names.add(marker(prefix));
        }
        return names;
    }

    /** The collections the snapshot places, for reports. */
    List<String> collectionNames() {
        List<String> names = new ArrayList<>();
        moves.forEach(m -> names.add(m.name()));
        views.forEach(v -> names.add(v.name()));
        return names;
    }

    /** The canonical bytes the seal covers: every field but {@code updatedAt} and the seal itself. */
    byte[] content() {
        BsonDocument d = fields();
        RawBsonDocument raw = new RawBsonDocument(d, new BsonDocumentCodec());
        java.nio.ByteBuffer b = raw.getByteBuffer().asNIO();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    BsonDocument toBson() {
        BsonDocument d = fields();
        d.append("updatedAt", new BsonDateTime(new Date().getTime()));
        if (sealer != null) {
            d.append("seal", new BsonString(sealer.seal(content())));
        }
        return d;
    }

    private BsonDocument fields() {
        BsonArray m = new BsonArray();
        for (Move move : moves) {
            m.add(new BsonDocument("name", new BsonString(move.name())).append("staging", new BsonString(move.staging()))
                    .append("expected", new BsonInt64(move.expected())));
        }
        BsonArray a = new BsonArray();
        for (Aside aside : asides) {
            a.add(new BsonDocument("name", new BsonString(aside.name())).append("aside", new BsonString(aside.aside())));
        }
        BsonArray p = new BsonArray();
        probes.forEach(name -> p.add(new BsonString(name)));
        return new BsonDocument("_id", new BsonString(database)).append("restoreId", new BsonString(restoreId))
                .append("state", new BsonString(state)).append("attempts", new BsonInt32(attempts))
                .append("cause", new BsonString(cause)).append("moves", m).append("asides", a)
                .append("liveViews", views(liveViews)).append("views", views(views)).append("probes", p)
                .append("marked", org.bson.BsonBoolean.valueOf(marked));
    }

    private static BsonArray views(List<View> list) {
        BsonArray out = new BsonArray();
        for (View v : list) {
            out.add(new BsonDocument("name", new BsonString(v.name())).append("options", v.options()));
        }
        return out;
    }

    /** Reads a stored entry; one that cannot be read is returned with {@link #malformed} set, never thrown. */
    static RestoreJournal fromBson(BsonDocument d) {
        try {
            return parse(d);
        } catch (RuntimeException e) {
            String db = d.isString("_id") ? d.getString("_id").getValue() : String.valueOf(d.get("_id"));
            String id = d.isString("restoreId") ? d.getString("restoreId").getValue() : "";
            return new RestoreJournal(db, id, "", List.of(), List.of(), List.of(), List.of(), List.of(), false, 0, "", null, null,
                    e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static RestoreJournal parse(BsonDocument d) {
        List<Move> moves = new ArrayList<>();
        for (BsonValue v : d.getArray("moves", new BsonArray())) {
            BsonDocument m = v.asDocument();
            moves.add(new Move(m.getString("name").getValue(), m.getString("staging").getValue(),
                    m.get("expected").asNumber().longValue()));
        }
        List<Aside> asides = new ArrayList<>();
        for (BsonValue v : d.getArray("asides", new BsonArray())) {
            BsonDocument a = v.asDocument();
            asides.add(new Aside(a.getString("name").getValue(), a.getString("aside").getValue()));
        }
        List<String> probes = new ArrayList<>();
        for (BsonValue v : d.getArray("probes", new BsonArray())) {
            probes.add(v.asString().getValue());
        }
        return new RestoreJournal(d.getString("_id").getValue(), d.getString("restoreId").getValue(),
                d.getString("state").getValue(), moves, asides, viewsOf(d, "liveViews"), viewsOf(d, "views"), probes,
                d.getBoolean("marked", org.bson.BsonBoolean.FALSE).getValue(),
                d.containsKey("attempts") ? d.get("attempts").asNumber().intValue() : 0,
                d.getString("cause", new BsonString("")).getValue(), null,
                d.isString("seal") ? d.getString("seal").getValue() : null, null);
    }

    private static List<View> viewsOf(BsonDocument d, String field) {
        List<View> out = new ArrayList<>();
        for (BsonValue v : d.getArray(field, new BsonArray())) {
            BsonDocument view = v.asDocument();
            out.add(new View(view.getString("name").getValue(), view.getDocument("options")));
        }
        return out;
    }

    /** Reads and writes journals in the control collection. */
    public static final class Store {
        private final MongoCollection<BsonDocument> collection;

        private final String prefix;

        public Store(MongoCollection<BsonDocument> collection) {
            this(collection, com.daaisuite.backup.mongo.MongoDatabaseSource.DEFAULT_STAGING_PREFIX);
        }

        /** @param prefix the reserved-name prefix whose names this source's journals may list */
        public Store(MongoCollection<BsonDocument> collection, String prefix) {
            // Acknowledged by a majority and on disk before the step it announces is taken.
            this.collection = collection.withWriteConcern(WriteConcern.MAJORITY.withJournal(true));
            this.prefix = prefix;
        }

        String prefix() {
            return prefix;
        }

        public Optional<RestoreJournal> find(String database) {
            BsonDocument d = collection.find(Filters.eq("_id", database)).first();
            return d == null ? Optional.empty() : Optional.of(fromBson(d));
        }

        public void write(RestoreJournal journal) {
            collection.replaceOne(Filters.eq("_id", journal.database), journal.toBson(), new ReplaceOptions().upsert(true));
        }

        void remove(RestoreJournal journal) {
            collection.deleteOne(Filters.and(Filters.eq("_id", journal.database), Filters.eq("restoreId", journal.restoreId)));
        }

        /** Forgets every journal of {@code database}: its database is being dropped (a drill's scratch database). */
        public void forget(String database) {
            collection.deleteMany(Filters.eq("_id", database));
        }

        /**
         * The reserved names of an interrupted restore of {@code database}, which a dump must skip: only names of
         * the entry's own restore id, so that an entry written by hand cannot hide a user's collection from backups.
         */
        public List<String> reservedNames(String database) {
            return find(database).filter(j -> j.structuralProblem(prefix) == null).map(j -> j.reservedNames(prefix))
                    .orElse(List.of());
        }

        public String describe() {
            return collection.getNamespace().getFullName();
        }
    }
}
