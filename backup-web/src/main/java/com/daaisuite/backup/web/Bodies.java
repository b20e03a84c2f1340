package com.daaisuite.backup.web;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The members of the screen's JSON request bodies, each checked for its kind with a sentence saying what to send. */
final class Bodies {
    private Bodies() {}

    static String file(Map<String, Object> body) {
        return optionalString(body, "file").filter(f -> !f.isBlank()).orElseThrow(() -> new WebError(400, "bad_request",
                "Say which backup to restore from: {\"file\": <file name from the list>, ...}."));
    }

    static String typedName(Map<String, Object> body) {
        return optionalString(body, "typedName").orElseThrow(() -> new WebError(400, "bad_request",
                "Type the workspace name to confirm the restore: {..., \"typedName\": ...}."));
    }

    static String collection(Map<String, Object> body) {
        return optionalString(body, "collection").filter(c -> !c.isEmpty()).orElseThrow(() -> new WebError(400, "bad_request",
                "Say which collection: {\"file\": ..., \"collection\": <a collection of the backup>}."));
    }

    static boolean accept(Map<String, Object> body) {
        Object accept = body.get("acceptUnverifiedOrigin");
        if (accept != null && !(accept instanceof Boolean)) {
            throw new WebError(400, "bad_request", "\"acceptUnverifiedOrigin\" must be true or false.");
        }
        return Boolean.TRUE.equals(accept);
    }

    @SuppressWarnings("unchecked")
    static List<String> strings(Map<String, Object> body, String name) {
        Object v = body.get(name);
        if (!(v instanceof List<?>)) {
            throw new WebError(400, "bad_request", "\"" + name + "\" must be an array of names.");
        }
        // Json reads arrays of strings only.
        return (List<String>) v;
    }

    static Optional<String> optionalString(Map<String, Object> body, String name) {
        Object v = body.get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof String s)) {
            throw new WebError(400, "bad_request", "\"" + name + "\" must be a string.");
        }
        return Optional.of(s);
    }
}
