package com.daaisuite.backup.web;

import com.daaisuite.backup.core.Actor;
import com.daaisuite.backup.web.internal.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Builds requests for the core the way a browser of one of the fixture's users would send them. */
final class Http {
    private Http() {}

    static WebRequest.Builder get(String path) {
        return WebRequest.builder("GET", path);
    }

    static WebRequest.Builder as(WebRequest.Builder b, Actor actor) {
        return b.header("Cookie", "theme=dark; " + WebFixture.COOKIE + "=" + WebFixture.sessionOf(actor));
    }

    static WebRequest.Builder post(String path, Actor actor, String csrf, Map<String, ?> body) {
        WebRequest.Builder b = as(WebRequest.builder("POST", path), actor)
                .header("Content-Type", "application/json")
                .body(Json.write(body).getBytes(StandardCharsets.UTF_8));
        return csrf == null ? b : b.header("X-CSRF-Token", csrf);
    }

    /** The first string value of {@code "name":"..."} in a JSON text. */
    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\":\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
        if (!m.find()) {
            throw new AssertionError("no string field " + name + " in " + json);
        }
        return m.group(1);
    }

    /** Polls a job through the core until it has finished, within a deadline. */
    static String awaitJob(BackupsWeb web, Actor actor, String jobId, Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            WebResponse r = web.handle(as(get("/api/jobs/" + jobId), actor).build());
            String body = r.bodyText();
            if (r.status() != 200) {
                throw new AssertionError("job " + jobId + " answered " + r.status() + ": " + body);
            }
            if (body.contains("\"state\":\"succeeded\"") || body.contains("\"state\":\"failed\"")) {
                return body;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("job " + jobId + " did not finish within " + deadline + ": " + body);
            }
            Thread.sleep(50);
        }
    }
}
