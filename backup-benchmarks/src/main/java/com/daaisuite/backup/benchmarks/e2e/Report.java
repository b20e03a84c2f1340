package com.daaisuite.backup.benchmarks.e2e;

import com.daaisuite.backup.benchmarks.e2e.E2eHarness.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Collects the harness's samples and renders them as markdown: medians with min–max over the runs. */
final class Report {
    private final E2eOptions options;
    private final Map<String, List<Sample>> groups = new LinkedHashMap<>();
    private final Map<String, List<Double>> ratios = new LinkedHashMap<>();
    private final List<Sample> sweep = new ArrayList<>();
    private final Map<Long, Long> serverHeaps = new LinkedHashMap<>();
    private final List<String> machine = new ArrayList<>();
    private String loadStart = "";
    private String loadEnd = "";
    private Instant started;
    private Sample last;

    Report(E2eOptions options) {
        this.options = options;
    }

    void machine(long harnessHeap) {
        started = Instant.now();
        machine.add("nproc: " + Runtime.getRuntime().availableProcessors());
        machine.add("CPU: " + cpuModel());
        machine.add("memory: " + memTotal());
        machine.add("JDK: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        machine.add("harness (library) JVM: -Xmx" + (harnessHeap >> 20) + "m, " + gcName());
        loadStart = loadAvg();
    }

    private final Map<Long, Long> serverLive = new LinkedHashMap<>();

    void serverLive(long sizeMb, long liveMb) {
        serverLive.put(sizeMb, liveMb);
    }

    void serverHeap(long sizeMb, long heapMb) {
        serverHeaps.put(sizeMb, heapMb);
    }

    Sample last() {
        return last;
    }

    void add(Sample s) {
        last = s;
        groups.computeIfAbsent(s.what() + "\u0000" + s.size(), k -> new ArrayList<>()).add(s);
    }

    /** Records subject's speed relative to ref's (ref time / subject time) for one side-by-side run. */
    void pair(String name, long size, Sample ref, Sample subject) {
        ratios.computeIfAbsent(name + "\u0000" + size, k -> new ArrayList<>()).add(ref.wallNanos() / (double) subject.wallNanos());
    }

    void sweep(int level, Sample s) {
        sweep.add(s);
    }

    void finish() {
        loadEnd = loadAvg();
    }

    String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("### End-to-end results (").append(started).append(" to ").append(Instant.now()).append(")\n\n");
        b.append("Command: `").append(options.command).append("`\n\n");
        for (String m : machine) {
            b.append("- ").append(m).append('\n');
        }
        b.append("- server JVM heaps: ");
        serverHeaps.forEach((s, h) -> b.append(s).append(" MB database: -Xmx").append(h).append("m; "));
        b.append("\n- server heap after a full GC, once loaded: ");
        serverLive.forEach((s, h) -> b.append(s).append(" MB database: ").append(h).append(" MB; "));
        b.append("\n- load average (1, 5, 15 min) at start: ").append(loadStart).append("; at end: ").append(loadEnd).append('\n');
        b.append("- runs per figure: ").append(options.runs).append(" (median, and min–max in brackets)\n\n");

        b.append("| what | DB / level | MB/s | docs/s | wall s | harness CPU s | server CPU s | heap after GC, max MB | used heap, max MB | note |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (List<Sample> g : groups.values()) {
            Sample f = g.get(0);
            if (f.what().startsWith("list ")) {
                continue;
            }
            boolean stage = isStage(f.what());
            b.append("| ").append(f.what()).append(" | ").append(stage ? "level " + f.size() : f.size() + " MB").append(" | ");
            b.append(stat(g, Sample::mbps, "%.1f")).append(" | ");
            b.append(f.docs() > 0 ? stat(g, Sample::docsPerSecond, "%.0f") : "–").append(" | ");
            b.append(stat(g, Sample::seconds, "%.2f")).append(" | ");
            b.append(stat(g, s -> s.cpuNanos() / 1e9, "%.1f")).append(" | ");
            b.append(f.serverCpuNanos() >= 0 ? stat(g, s -> s.serverCpuNanos() / 1e9, "%.1f") : "–").append(" | ");
            b.append(stage ? "–" : String.valueOf(max(g, Sample::liveHeap) >> 20)).append(" | ");
            b.append(stage ? "–" : String.valueOf(max(g, Sample::usedHeap) >> 20)).append(" | ");
            b.append(note(f)).append(" |\n");
        }
        b.append('\n');

        boolean anyMemory = groups.values().stream().anyMatch(g -> g.get(0).what().startsWith("memory run"));
        if (anyMemory) {
            b.append("| memory run (library JVM, fixed -Xmx) | DB | live heap after forced full GCs, max MB | used heap, max MB | wall s |\n");
            b.append("|---|---|---|---|---|\n");
            for (List<Sample> g : groups.values()) {
                Sample f = g.get(0);
                if (f.what().startsWith("memory run")) {
                    b.append("| ").append(f.what()).append(" | ").append(f.size()).append(" MB | ")
                            .append(max(g, Sample::liveHeap) >> 20).append(" | ").append(max(g, Sample::usedHeap) >> 20)
                            .append(" | ").append(stat(g, Sample::seconds, "%.1f")).append(" |\n");
                }
            }
            b.append('\n');
        }

        b.append("| ratio (side by side, same run) | DB MB / level | median | min–max | runs |\n|---|---|---|---|---|\n");
        for (Map.Entry<String, List<Double>> e : ratios.entrySet()) {
            String[] k = e.getKey().split("\u0000");
            List<Double> v = new ArrayList<>(e.getValue());
            v.sort(Double::compare);
            b.append("| ").append(k[0]).append(" | ").append(k[1]).append(" | ")
                    .append(fmt("%.3f", median(v))).append(" | ")
                    .append(fmt("%.3f–%.3f", v.get(0), v.get(v.size() - 1))).append(" | ").append(v.size()).append(" |\n");
        }
        b.append('\n');

        if (!sweep.isEmpty()) {
            b.append("| gzip level (parallel members + DBK1, one run each) | MB/s | size ratio | archive MB per GB of payload |\n");
            b.append("|---|---|---|---|\n");
            for (Sample s : sweep) {
                b.append("| ").append(s.size()).append(" | ").append(fmt("%.1f", s.mbps())).append(" | ")
                        .append(fmt("%.2f", s.bytes() / (double) s.extra())).append(" | ")
                        .append(fmt("%.0f", 1000.0 * s.extra() / s.bytes())).append(" |\n");
            }
            b.append('\n');
        }

        b.append("| listing (filesystem) | snapshots | ms median | ms min–max | runs |\n|---|---|---|---|---|\n");
        for (List<Sample> g : groups.values()) {
            Sample f = g.get(0);
            if (f.what().startsWith("list ")) {
                List<Double> v = new ArrayList<>();
                g.forEach(s -> v.add(s.wallNanos() / 1e6));
                v.sort(Double::compare);
                b.append("| ").append(f.what()).append(" | ").append(f.docs()).append(" | ").append(fmt("%.1f", median(v)))
                        .append(" | ").append(fmt("%.1f–%.1f", v.get(0), v.get(v.size() - 1))).append(" | ").append(v.size())
                        .append(" |\n");
            }
        }
        b.append('\n');
        return b.toString();
    }

    private static boolean isStage(String what) {
        return what.startsWith("stage") || what.startsWith("gzip") || what.startsWith("pigz") || what.startsWith("level");
    }

    private static String note(Sample f) {
        if (f.what().startsWith("backup") && f.extra() > 0) {
            return fmt("archive %.1f MB (%.2f×)", f.extra() / 1e6, f.bytes() / (double) f.extra());
        }
        if (f.what().startsWith("stage") && f.extra() > 0) {
            return fmt("%.2f×", f.bytes() / (double) f.extra());
        }
        if (f.what().startsWith("dump") && f.extra() > 0) {
            return fmt("payload %.1f MB", f.extra() / 1e6);
        }
        if (f.what().startsWith("restore")) {
            return "time from the safety backup's commit to the swap";
        }
        return "";
    }

    private static String stat(List<Sample> g, ToDoubleFunction<Sample> f, String format) {
        List<Double> v = new ArrayList<>();
        for (Sample s : g) {
            v.add(f.applyAsDouble(s));
        }
        v.sort(Double::compare);
        if (v.size() == 1) {
            return fmt(format, v.get(0));
        }
        return fmt(format, median(v)) + " (" + fmt(format, v.get(0)) + "–" + fmt(format, v.get(v.size() - 1)) + ")";
    }

    private static long max(List<Sample> g, java.util.function.ToLongFunction<Sample> f) {
        return g.stream().mapToLong(f).max().orElse(0);
    }

    static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String fmt(String f, Object... a) {
        return String.format(Locale.ROOT, f, a);
    }

    private static String cpuModel() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (l.startsWith("model name")) {
                    return l.substring(l.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            return "unknown";
        }
        return "unknown";
    }

    private static String memTotal() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (l.startsWith("MemTotal:")) {
                    return (Long.parseLong(l.replaceAll("[^0-9]", "")) >> 20) + " GiB";
                }
            }
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
        return "unknown";
    }

    private static String loadAvg() {
        try {
            String[] p = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return p[0] + ", " + p[1] + ", " + p[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String gcName() {
        List<String> names = new ArrayList<>();
        java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().forEach(g -> names.add(g.getName()));
        return String.join(" + ", names);
    }
}
