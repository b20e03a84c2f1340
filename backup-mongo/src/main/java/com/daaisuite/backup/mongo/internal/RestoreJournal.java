package com.daaisuite.backup.mongo.internal;

import com.mongodb.WriteConcern;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.BsonArray;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonValue;

/**
 * The plan and progress of one restore of one database, kept in the host-nameable control collection
 * (default {@code daai_backup.restore_journal}), one document per target database:
 *
 * <pre>{@code
 * { _id: <database>, restoreId: "k3x9q2", state: "loading" | "swapping" | "committed", updatedAt: <date>,
 *   moves:     [ { name: <snapshot collection>, staging: <reserved name>, expected: <documents, -1 while loading> } ],
 *   asides:    [ { name: <live collection>, aside: <reserved name> } ],
 *   liveViews: [ { name, options } ],   // live views dropped by the swap, recreated if it is undone
 *   views:     [ { name, options } ] }  // the snapshot's views, created by the swap
 * }</pre>
 *
 * <p>It is written with majority write concern and journaling before the step it announces, and
 * removed only when the restore is complete or undone: a process killed at any moment leaves a
 * journal that says exactly which reserved names exist and where each collection must end up.
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

    final String database;
    final String restoreId;
    final String state;
    final List<Move> moves;
    final List<Aside> asides;
    final List<View> liveViews;
    final List<View> views;

    public RestoreJournal(String database, String restoreId, String state, List<Move> moves, List<Aside> asides,
            List<View> liveViews, List<View> views) {
        this.database = database;
        this.restoreId = restoreId;
        this.state = state;
        this.moves = List.copyOf(moves);
        this.asides = List.copyOf(asides);
        this.liveViews = List.copyOf(liveViews);
        this.views = List.copyOf(views);
    }

    public String restoreId() {
        return restoreId;
    }

    public String state() {
        return state;
    }

    RestoreJournal withState(String newState) {
        return new RestoreJournal(database, restoreId, newState, moves, asides, liveViews, views);
    }

    /** Every reserved name this journal owns: only these are ever dropped as leftovers. */
    List<String> reservedNames() {
        List<String> names = new ArrayList<>();
        moves.forEach(m -> names.add(m.staging()));
        asides.forEach(a -> names.add(a.aside()));
        return names;
    }

    /** The collections the snapshot places, for reports. */
    List<String> collectionNames() {
        List<String> names = new ArrayList<>();
        moves.forEach(m -> names.add(m.name()));
        views.forEach(v -> names.add(v.name()));
        return names;
    }

    BsonDocument toBson() {
        BsonArray m = new BsonArray();
        for (Move move : moves) {
            m.add(new BsonDocument("name", new BsonString(move.name())).append("staging", new BsonString(move.staging()))
                    .append("expected", new BsonInt64(move.expected())));
        }
        BsonArray a = new BsonArray();
        for (Aside aside : asides) {
            a.add(new BsonDocument("name", new BsonString(aside.name())).append("aside", new BsonString(aside.aside())));
        }
        return new BsonDocument("_id", new BsonString(database)).append("restoreId", new BsonString(restoreId))
                .append("state", new BsonString(state)).append("updatedAt", new BsonDateTime(new Date().getTime()))
                .append("moves", m).append("asides", a).append("liveViews", views(liveViews)).append("views", views(views));
    }

    private static BsonArray views(List<View> list) {
        BsonArray out = new BsonArray();
        for (View v : list) {
            out.add(new BsonDocument("name", new BsonString(v.name())).append("options", v.options()));
        }
        return out;
    }

    static RestoreJournal fromBson(BsonDocument d) {
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
        return new RestoreJournal(d.getString("_id").getValue(), d.getString("restoreId").getValue(),
                d.getString("state").getValue(), moves, asides, viewsOf(d, "liveViews"), viewsOf(d, "views"));
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

        public Store(MongoCollection<BsonDocument> collection) {
            // Acknowledged by a majority and on disk before the step it announces is taken.
            this.collection = collection.withWriteConcern(WriteConcern.MAJORITY.withJournal(true));
        }

        public Optional<RestoreJournal> find(String database) {
            BsonDocument d = collection.find(Filters.eq("_id", database)).first();
            return d == null ? Optional.empty() : Optional.of(fromBson(d));
        }

        void write(RestoreJournal journal) {
            collection.replaceOne(Filters.eq("_id", journal.database), journal.toBson(), new ReplaceOptions().upsert(true));
        }

        void remove(RestoreJournal journal) {
            collection.deleteOne(Filters.and(Filters.eq("_id", journal.database), Filters.eq("restoreId", journal.restoreId)));
        }

        /** Forgets every journal of {@code database}: its database is being dropped (a drill's scratch database). */
        public void forget(String database) {
            collection.deleteMany(Filters.eq("_id", database));
        }

        /** The reserved names of an interrupted restore of {@code database}, which a dump must skip. */
        public List<String> reservedNames(String database) {
            return find(database).map(RestoreJournal::reservedNames).orElse(List.of());
        }

        public String describe() {
            return collection.getNamespace().getFullName();
        }
    }
}
