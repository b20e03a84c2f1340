package com.daaisuite.backup.benchmarks.vs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Keeps the measurements of {@link VsMongoTools} and prints them. */
final class VsReport {
    private final StringBuilder head = new StringBuilder();
    private final List<Section> sections = new ArrayList<>();
    private String startLoad = "";
    private final List<String> notes = new ArrayList<>();

    void header(VsOptions o, String method, String serverJvm, String toolVersion) {
        startLoad = loadAverage();
        head.append("# daai-backup versus the MongoDB Database Tools\n\n");
        head.append("- command: `").append(o.command).append("`\n");
        head.append("- started ").append(Instant.now()).append(", ").append(Runtime.getRuntime().availableProcessors())
                .append(" CPUs, load average at start ").append(startLoad).append('\n');
        head.append("- ").append(toolVersion).append("; Java ").append(System.getProperty("java.version")).append('\n');
        head.append("- test server: mongo-java-server (MemoryBackend) in its own JVM, ").append(serverJvm).append('\n');
        head.append("- tool CPU and peak RSS measured with ").append(method).append("; server CPU from /proc of the server JVM\n");
        head.append("- CLIs: ");
        o.clis.forEach((k, v) -> head.append(k).append(" = `").append(String.join(" ", v)).append("`; "));
        head.append("\n- ").append(o.runs).append(" alternating pairs per comparison (order rotated each pair); "
                + "medians with [min–max]; ratio = median / the MongoDB tool's median in the same comparison\n");
    }

    void note(String text) {
        notes.add(text);
    }

    void footer() {
        head.append("- finished ").append(Instant.now()).append(", load average at end ").append(loadAverage()).append('\n');
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** @return a section that is never printed (untimed runs) */
    Section scratch() {
        return new Section(Shape.BUSINESS, 0, 0);
    }

    Section section(Shape s, long docs, long bytes) {
        Section sec = new Section(s, docs, bytes);
        sections.add(sec);
        return sec;
    }

    String text() {
        StringBuilder b = new StringBuilder(head);
        for (Section s : sections) {
            s.print(b);
        }
        for (String n : notes) {
            b.append("\n").append(n).append('\n');
        }
        return b.toString();
    }

    static final class Section {
        private final Shape shape;
        private final long docs;
        private final long bytes;
        private final Map<String, Map<String, List<double[]>>> rows = new LinkedHashMap<>();

        Section(Shape shape, long docs, long bytes) {
            this.shape = shape;
            this.docs = docs;
            this.bytes = bytes;
        }

        void add(String op, String tool, Usage u, long size) {
            rows.computeIfAbsent(op, k -> new LinkedHashMap<>()).computeIfAbsent(tool, k -> new ArrayList<>())
                    .add(new double[] {u.wallSeconds(), u.cpuSeconds(), u.serverCpuSeconds(), u.peakRssMiB(), size / 1e6});
        }

        /** Shows a reference tool's rows beside another operation's, for its ratios. */
        void copy(String fromOp, String tool, String toOp) {
            List<double[]> v = rows.getOrDefault(fromOp, Map.of()).get(tool);
            if (v != null) {
                rows.computeIfAbsent(toOp, k -> new LinkedHashMap<>()).put(tool, v);
            }
        }

        void print(StringBuilder b) {
            b.append("\n## ").append(shape.name().toLowerCase(Locale.ROOT)).append(": ").append(shape.description())
                    .append(String.format(Locale.ROOT, " — %,d documents, %.1f MB BSON in 3 collections%n%n", docs, bytes / 1e6));
            b.append("| operation | tool | wall s | tool CPU s | server CPU s | peak RSS MiB | archive MB | ratio wall / CPU / RSS / size |\n");
            b.append("|---|---|---|---|---|---|---|---|\n");
            for (Map.Entry<String, Map<String, List<double[]>>> op : rows.entrySet()) {
                List<double[]> ref = op.getValue().get(VsMongoTools.MONGO);
                for (Map.Entry<String, List<double[]>> t : op.getValue().entrySet()) {
                    List<double[]> v = t.getValue();
                    b.append("| ").append(op.getKey()).append(" | ").append(t.getKey());
                    for (int k = 0; k < 5; k++) {
                        b.append(" | ").append(cell(v, k, k == 3 ? 0 : 2, k == 4));
                    }
                    b.append(" | ");
                    if (ref != null && !t.getKey().equals(VsMongoTools.MONGO)) {
                        b.append(ratio(v, ref, 0)).append(" / ").append(ratio(v, ref, 1)).append(" / ")
                                .append(ratio(v, ref, 3)).append(" / ").append(ratio(v, ref, 4));
                    }
                    b.append(" |\n");
                }
            }
        }

        private static String cell(List<double[]> v, int k, int decimals, boolean medianOnly) {
            double[] x = v.stream().mapToDouble(a -> a[k]).sorted().toArray();
            if (x[0] < 0) {
                return "—";
            }
            String f = "%." + decimals + "f";
            String m = String.format(Locale.ROOT, f, median(x));
            return medianOnly || x.length == 1 ? m : m + String.format(Locale.ROOT, " [" + f + "–" + f + "]", x[0], x[x.length - 1]);
        }

        private static String ratio(List<double[]> v, List<double[]> ref, int k) {
            double a = median(v.stream().mapToDouble(x -> x[k]).sorted().toArray());
            double r = median(ref.stream().mapToDouble(x -> x[k]).sorted().toArray());
            return a < 0 || r <= 0 ? "—" : String.format(Locale.ROOT, "%.2f×", a / r);
        }

        private static double median(double[] sorted) {
            int n = sorted.length;
            return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        }
    }
}
