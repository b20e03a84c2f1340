package com.daaisuite.backup.mongo.internal;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonType;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.json.JsonParseException;

/**
 * The MongoDB query subset the document restore evaluates on a snapshot's raw documents, exactly as
 * the server would (docs/restore.md, "Choosing documents with a filter"). Anything outside it is
 * refused with a message naming what, never approximated:
 *
 * <ul>
 *   <li>a query document whose keys are top-level field names (no dots, not starting with {@code $}),
 *       all of which must match (an implicit AND); {@code {}} matches every document;
 *   <li>per field, either a scalar (equality) or a document of operators: {@code $eq $ne $in $nin $gt
 *       $gte $lt $lte $exists};
 *   <li>scalars: strings, numbers (int32, int64, double, decimal128; compared by value across types, as
 *       MongoDB does, NaN and infinities refused), booleans, null, ObjectIds and dates; no documents,
 *       arrays or regular expressions as values;
 *   <li>a field holding an array matches when any element matches ({@code $ne} and {@code $nin}: when
 *       no element equals); {@code null} matches a missing field; ranges compare only within a type
 *       bracket (numbers with numbers, strings by their UTF-8 bytes, as the simple collation does).
 * </ul>
 */
public final class DocumentFilter {
    private DocumentFilter() {}

    /**
     * @param json the query
     * @return a test on a raw document
     * @throws IllegalArgumentException if the query is not JSON or not in the subset
     */
    public static Predicate<byte[]> compile(String json) {
        BsonDocument q;
        try {
            q = BsonDocument.parse(json);
        } catch (JsonParseException | org.bson.BsonInvalidOperationException e) {
            throw new IllegalArgumentException("it is not a JSON query document (" + e.getMessage() + ")", e);
        }
        List<Predicate<BsonDocument>> all = new ArrayList<>();
        for (Map.Entry<String, BsonValue> e : q.entrySet()) {
            String field = e.getKey();
            if (field.startsWith("$")) {
                throw new IllegalArgumentException("the top-level operator " + field + " is not supported; list the fields to "
                        + "match side by side (they must all match)");
            }
            if (field.contains(".") || field.isEmpty()) {
                throw new IllegalArgumentException("the field '" + field + "' is not a top-level field name; paths into "
                        + "embedded documents are not supported");
            }
            all.add(field(field, e.getValue()));
        }
        return bson -> {
            BsonDocument d = new RawBsonDocument(bson);
            for (Predicate<BsonDocument> p : all) {
                if (!p.test(d)) {
                    return false;
                }
            }
            return true;
        };
    }

    private static Predicate<BsonDocument> field(String field, BsonValue cond) {
        if (!cond.isDocument() || cond.asDocument().isEmpty() || !cond.asDocument().getFirstKey().startsWith("$")) {
            BsonValue v = scalar(field, cond);
            return d -> any(d, field, x -> equal(x, v), v.isNull());
        }
        List<Predicate<BsonDocument>> ops = new ArrayList<>();
        for (Map.Entry<String, BsonValue> op : cond.asDocument().entrySet()) {
            String name = op.getKey();
            BsonValue arg = op.getValue();
            switch (name) {
                case "$eq" -> {
                    BsonValue v = scalar(field, arg);
                    ops.add(d -> any(d, field, x -> equal(x, v), v.isNull()));
                }
                case "$ne" -> {
                    BsonValue v = scalar(field, arg);
                    ops.add(d -> !any(d, field, x -> equal(x, v), v.isNull()));
                }
                case "$in", "$nin" -> {
                    if (!arg.isArray()) {
                        throw new IllegalArgumentException(name + " of field '" + field + "' needs an array");
                    }
                    List<BsonValue> vs = new ArrayList<>();
                    for (BsonValue x : arg.asArray()) {
                        vs.add(scalar(field, x));
                    }
                    boolean nullIn = vs.stream().anyMatch(BsonValue::isNull);
                    Predicate<BsonDocument> in = d -> any(d, field, x -> vs.stream().anyMatch(v -> equal(x, v)), nullIn);
                    ops.add(name.equals("$in") ? in : in.negate());
                }
                case "$gt", "$gte", "$lt", "$lte" -> {
                    BsonValue v = scalar(field, arg);
                    if (v.isNull()) {
                        throw new IllegalArgumentException(name + " null of field '" + field + "' is not supported");
                    }
                    ops.add(d -> any(d, field, x -> {
                        Integer c = compare(x, v);
                        return c != null && switch (name) {
                            case "$gt" -> c > 0;
                            case "$gte" -> c >= 0;
                            case "$lt" -> c < 0;
                            default -> c <= 0;
                        };
                    }, false));
                }
                case "$exists" -> {
                    if (!arg.isBoolean()) {
                        throw new IllegalArgumentException("$exists of field '" + field + "' needs true or false");
                    }
                    boolean want = arg.asBoolean().getValue();
                    ops.add(d -> d.containsKey(field) == want);
                }
                default -> throw new IllegalArgumentException("the operator " + name + " (field '" + field + "') is not "
                        + "supported; use $eq $ne $in $nin $gt $gte $lt $lte $exists");
            }
        }
        return d -> ops.stream().allMatch(p -> p.test(d));
    }

    /** The field's value, or each element when it is an array, tested; a missing field matches only {@code nullMatches}. */
    private static boolean any(BsonDocument d, String field, Predicate<BsonValue> test, boolean nullMatches) {
        BsonValue v = d.get(field);
        if (v == null) {
            return nullMatches;
        }
        if (v.isArray()) {
            for (BsonValue e : (BsonArray) v) {
                if (test.test(e)) {
                    return true;
                }
            }
            return false;
        }
        return test.test(v);
    }

    private static BsonValue scalar(String field, BsonValue v) {
        switch (v.getBsonType()) {
            case STRING, BOOLEAN, NULL, OBJECT_ID, DATE_TIME, INT32, INT64 -> {
                return v;
            }
            case DOUBLE, DECIMAL128 -> {
                if (number(v) == null) {
                    throw new IllegalArgumentException("NaN and infinite values (field '" + field + "') are not supported");
                }
                return v;
            }
            default -> throw new IllegalArgumentException("the value " + v + " of field '" + field + "' is a "
                    + v.getBsonType() + "; only strings, numbers, booleans, null, ObjectIds and dates are supported");
        }
    }

    private static boolean equal(BsonValue x, BsonValue v) {
        if (v.isNull()) {
            return x.isNull();
        }
        Integer c = compare(x, v);
        return c != null && c == 0;
    }

    /** Compares within a type bracket; null when the two cannot be compared (different brackets, NaN). */
    private static Integer compare(BsonValue x, BsonValue v) {
        if (isNumber(v)) {
            BigDecimal a = isNumber(x) ? number(x) : null;
            return a == null ? null : a.compareTo(number(v));
        }
        if (x.getBsonType() != v.getBsonType()) {
            return null;
        }
        return switch (v.getBsonType()) {
            case STRING -> Arrays.compareUnsigned(x.asString().getValue().getBytes(StandardCharsets.UTF_8),
                    v.asString().getValue().getBytes(StandardCharsets.UTF_8));
            case BOOLEAN -> Boolean.compare(x.asBoolean().getValue(), v.asBoolean().getValue());
            case OBJECT_ID -> x.asObjectId().getValue().compareTo(v.asObjectId().getValue());
            case DATE_TIME -> Long.compare(x.asDateTime().getValue(), v.asDateTime().getValue());
            default -> null;
        };
    }

    private static boolean isNumber(BsonValue v) {
        BsonType t = v.getBsonType();
        return t == BsonType.INT32 || t == BsonType.INT64 || t == BsonType.DOUBLE || t == BsonType.DECIMAL128;
    }

    /** A number's exact value; null for NaN and infinities (and -0 reads as 0, as MongoDB compares it). */
    private static BigDecimal number(BsonValue v) {
        return switch (v.getBsonType()) {
            case INT32 -> BigDecimal.valueOf(v.asInt32().getValue());
            case INT64 -> BigDecimal.valueOf(v.asInt64().getValue());
            case DOUBLE -> {
                double d = v.asDouble().getValue();
                yield Double.isFinite(d) ? new BigDecimal(d) : null;
            }
            case DECIMAL128 -> {
                var d = v.asDecimal128().getValue();
                if (d.isNaN() || d.isInfinite()) {
                    yield null;
                }
                try {
                    yield d.bigDecimalValue();
                } catch (ArithmeticException negativeZero) {
                    yield BigDecimal.ZERO; // -0 equals 0 to MongoDB
                }
            }
            default -> null;
        };
    }
}
