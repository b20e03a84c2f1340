package com.daaisuite.backup.web;

import com.daaisuite.backup.core.Backups;
import com.daaisuite.backup.core.CollectionComparison;
import com.daaisuite.backup.core.Permission;
import com.daaisuite.backup.core.SnapshotComparison;
import com.daaisuite.backup.core.Tenant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * "What changed since this backup?" and "Compare with…": the screen's comparisons, as JSON-ready maps.
 * With {@link Screen} the only class of this module that calls the library (its public API only):
 * kept apart so that the comparison screen and the rest of the screen can change independently.
 */
final class ContentsScreen {
    /** How many example {@code _id}s of each kind a row of the summary shows. */
    static final int SAMPLES = 5;

    private final Backups backups;
    private final Function<WebUser, Tenant> tenant;

    /**
     * @param backups the host's library instance
     * @param tenant the user's workspace, as the rest of the screen finds it
     */
    ContentsScreen(Backups backups, Function<WebUser, Tenant> tenant) {
        this.backups = backups;
        this.tenant = tenant;
    }

    /**
     * @param user who asks (VIEW)
     * @param file the backup (A)
     * @param to the other backup (B), or null to compare with the live data
     * @return the per-collection summary
     */
    Map<String, Object> compare(WebUser user, String file, String to) {
        Tenant t = tenant.apply(user);
        if (!user.may(Permission.VIEW)) {
            throw new WebError(403, "permission_denied", "You may not compare backups in this workspace: the VIEW permission"
                    + " is missing. Ask a workspace administrator.");
        }
        SnapshotComparison c = to == null ? backups.catalog().compareWithLive(user.actor(), t.id(), file, SAMPLES)
                : backups.catalog().compare(user.actor(), t.id(), file, to, SAMPLES);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("a", c.a());
        out.put("b", c.b());
        out.put("live", to == null);
        out.put("same", c.same());
        List<Object> rows = new ArrayList<>();
        long deleted = 0;
        long added = 0;
        long changed = 0;
        for (CollectionComparison x : c.collections()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("name", x.name());
            r.put("status", x.status().name().toLowerCase(Locale.ROOT));
            r.put("onlyInA", x.onlyInA());
            r.put("onlyInB", x.onlyInB());
            r.put("changed", x.changed());
            r.put("same", x.same());
            Map<String, Object> samples = new LinkedHashMap<>();
            samples.put("onlyInA", x.samplesOnlyInA());
            samples.put("onlyInB", x.samplesOnlyInB());
            samples.put("changed", x.samplesChanged());
            r.put("samples", samples);
            rows.add(r);
            deleted += x.onlyInA();
            added += x.onlyInB();
            changed += x.changed();
        }
        out.put("collections", rows);
        out.put("summary", c.same() ? (to == null ? "Nothing has changed since this backup." : "The two backups hold the same data.")
                : String.format(Locale.ENGLISH, "%,d deleted, %,d added, %,d changed %s", deleted, added, changed,
                        to == null ? "since this backup." : "between the two backups."));
        return out;
    }
}
