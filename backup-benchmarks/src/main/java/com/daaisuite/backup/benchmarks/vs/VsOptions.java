package com.daaisuite.backup.benchmarks.vs;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The command-line options of {@link VsMongoTools}. */
final class VsOptions {
    boolean quick;
    Path out;
    Path tools;
    Path work = Path.of("backup-benchmarks/target/vs-work");
    final Map<String, List<String>> clis = new LinkedHashMap<>();
    List<Shape> shapes = List.of(Shape.values());
    int sizeMb = 80;
    int runs = 5;
    int level;
    List<Integer> levels = List.of();
    long serverHeapMb = 4096;
    String command = "";
    String loadInto;
    boolean noLibrary;
    /** An older build's CLI jar, measured both ways as "before". */
    Path before;

    static String usage() {
        return String.join("\n",
                "backup-benchmarks/run-vs-mongo-tools.sh [options]",
                "  --quick               20 MB tenants, 2 pairs (a look, not a measurement)",
                "  --out FILE            also write the report (markdown) to FILE",
                "  --cli LABEL=CMD       a CLI to compare (repeatable; CMD split on spaces), e.g.",
                "                        --cli before='java -jar /tmp/old/daai-backup.jar' --cli after=examples/cli/bin/daai-backup",
                "                        (default: both ways a user runs this checkout's CLI: jar='java -jar",
                "                        examples/cli/target/daai-backup.jar' and launcher=examples/cli/bin/daai-backup)",
                "  --before JAR          also an older build's CLI jar, both ways: before-jar='java -jar JAR' and",
                "                        before-launcher='env DAAI_BACKUP_JAR=JAR examples/cli/bin/daai-backup' (measured first)",
                "  --shapes LIST         business,nested,text,small or all (default all)",
                "  --size-mb N           BSON per tenant (default 80; each of 3 collections stays under ~40 MB)",
                "  --runs N              alternating pairs per comparison (default 5)",
                "  --level N             the library's gzip level (default: the library's default)",
                "  --no-library          skip the library's warm in-process runs (CLIs and tools only)",
                "  --levels LIST         also measure the library's size/speed curve at these levels, e.g. 1,3,6,8,9",
                "  --server-heap-mb N    the test server's fixed heap (default 4096: it holds ~6x the BSON, twice during a restore)",
                "  --tools DIR           mongodump/mongorestore folder (the script passes MONGO_TOOLS_BIN or unpacks ../shared/tools)",
                "  --work DIR            scratch folder (default backup-benchmarks/target/vs-work)",
                "  --load-into URI       only load the first shape (--size-mb) into database tenant_acme there, for profiling by hand");
    }

    static VsOptions parse(String[] args) {
        VsOptions o = new VsOptions();
        boolean sized = false;
        boolean ran = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--quick" -> o.quick = true;
                case "--out" -> o.out = Path.of(args[++i]);
                case "--tools" -> o.tools = args[++i].isBlank() ? null : Path.of(args[i]);
                case "--work" -> o.work = Path.of(args[++i]);
                case "--cli" -> {
                    String v = args[++i];
                    int eq = v.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("--cli wants LABEL=COMMAND, got " + v);
                    }
                    o.clis.put(v.substring(0, eq), List.of(v.substring(eq + 1).trim().split("\\s+")));
                }
                case "--shapes" -> o.shapes = Shape.parse(args[++i]);
                case "--size-mb" -> {
                    o.sizeMb = Integer.parseInt(args[++i]);
                    sized = true;
                }
                case "--runs" -> {
                    o.runs = Integer.parseInt(args[++i]);
                    ran = true;
                }
                case "--level" -> o.level = Integer.parseInt(args[++i]);
                case "--levels" -> o.levels = Stream.of(args[++i].split(",")).map(String::strip).map(Integer::parseInt).toList();
                case "--server-heap-mb" -> o.serverHeapMb = Long.parseLong(args[++i]);
                case "--command" -> o.command = args[++i];
                case "--load-into" -> o.loadInto = args[++i];
                case "--no-library" -> o.noLibrary = true;
                case "--before" -> o.before = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + a + "\n" + usage());
            }
        }
        if (o.quick) {
            o.sizeMb = sized ? o.sizeMb : 20;
            o.runs = ran ? o.runs : 2;
        }
        // The README's command and the launcher: a user runs the CLI one of these two ways.
        if (o.clis.isEmpty()) {
            o.clis.put("jar", List.of("java", "-jar", "examples/cli/target/daai-backup.jar"));
            o.clis.put("launcher", List.of("examples/cli/bin/daai-backup"));
        }
        if (o.before != null) {
            Map<String, List<String>> all = new LinkedHashMap<>();
            String jar = o.before.toAbsolutePath().toString();
            all.put("before-jar", List.of("java", "-jar", jar));
            all.put("before-launcher", List.of("env", "DAAI_BACKUP_JAR=" + jar, "examples/cli/bin/daai-backup"));
            all.putAll(o.clis);
            o.clis.clear();
            o.clis.putAll(all);
        }
        return o;
    }
}
