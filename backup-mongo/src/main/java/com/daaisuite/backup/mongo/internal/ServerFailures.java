package com.daaisuite.backup.mongo.internal;

import com.mongodb.MongoException;
import com.mongodb.MongoServerException;
import java.util.Locale;
import java.util.Set;

/** What a server failure means for a restore: whether a retry can cure it, and what a person should do about it. */
final class ServerFailures {
    /**
     * Server error codes a retry can cure: the node stepped down, shuts down or is unreachable, a time limit
     * passed, or an operation conflicted with another one.
     */
    private static final Set<Integer> TRANSIENT = Set.of(6, 7, 50, 64, 89, 91, 112, 117, 189, 262, 9001, 10107, 11600, 11602,
            13435, 13436);

    private ServerFailures() {}

    /**
     * Whether {@code failure} is a refusal by the server that retrying the same command will not cure (a view
     * pipeline it rejects, a name that exists, an unauthorized command). Network failures, timeouts and the
     * transient codes above are not: recovery may retry them.
     */
    static boolean permanent(Throwable failure) {
        for (Throwable c = failure; c != null; c = c.getCause()) {
            if (c instanceof MongoServerException e) {
                return !TRANSIENT.contains(e.getCode()) && !e.hasErrorLabel("RetryableWriteError")
                        && !e.hasErrorLabel(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL);
            }
            if (c instanceof MongoException) {
                return false;
            }
        }
        return false;
    }

    /** The server's refusal in one line: its code and message. */
    static String describe(Throwable failure) {
        for (Throwable c = failure; c != null; c = c.getCause()) {
            if (c instanceof MongoServerException e) {
                return "the server refused it (code " + e.getCode() + "): " + e.getMessage();
            }
        }
        return String.valueOf(failure.getMessage());
    }

    /** What to do about a server refusal, by its cause; {@code current} names the collection it concerned. */
    static String advice(Throwable cause, String current) {
        MongoException m = null;
        for (Throwable c = cause; c != null && m == null; c = c.getCause()) {
            if (c instanceof MongoException e) {
                m = e;
            }
        }
        if (m == null) {
            return "Retry when the server is reachable.";
        }
        String text = String.valueOf(m.getMessage());
        if (m.getCode() == 11000 || text.contains("E11000")) {
            return "The snapshot holds documents that break a unique index of '" + current
                    + "'; restore it with mongorestore --noIndexRestore to inspect it, or choose another snapshot.";
        }
        if (m.getCode() == 10080 || m.getCode() == 73 || text.contains("too long")) {
            return "The server refused a collection name; restore into a database with a shorter name.";
        }
        if (m.getCode() == 14031 || text.toLowerCase(Locale.ROOT).contains("space")) {
            return "The server is out of disk space: free space (the restore needs room for a second copy of the "
                    + "database until the swap), then retry.";
        }
        return "Fix the cause the server names, or retry when the server is reachable.";
    }
}
