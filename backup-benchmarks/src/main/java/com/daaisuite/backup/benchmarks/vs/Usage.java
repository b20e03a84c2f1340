package com.daaisuite.backup.benchmarks.vs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What one run of a tool cost: wall time, the CPU time of the tool's process (user + system, its
 * waited-for children included), its peak resident memory, and the test server's CPU over the
 * same interval.
 *
 * @param wallSeconds wall-clock seconds from start to exit
 * @param cpuSeconds the tool's user + system CPU seconds
 * @param peakRssMiB the tool's peak resident set (VmHWM / ru_maxrss), MiB; -1 if unknown (in-process runs)
 * @param serverCpuSeconds the test server's CPU seconds over the run
 */
record Usage(double wallSeconds, double cpuSeconds, double peakRssMiB, double serverCpuSeconds) {

    private static final Path GNU_TIME = Path.of("/usr/bin/time");

    /** @return how tool processes are measured on this machine, for the report */
    static String method() {
        return Files.isExecutable(GNU_TIME)
                ? "/usr/bin/time (wait4 rusage: exact user+sys CPU and ru_maxrss of the tool and its children)"
                : "/proc/<pid>/stat and VmHWM polled every 10 ms (CPU of the last <= 10 ms may be missed)";
    }

    /**
     * Runs a command to completion and measures it.
     *
     * @param cmd the command
     * @param env extra environment
     * @param log where the command's output goes (overwritten)
     * @param server the test server's process, for its CPU
     * @param timeoutSeconds the deadline
     * @return the usage
     * @throws IOException if the command cannot start, fails or overruns (with the tail of its output)
     */
    static Usage run(List<String> cmd, Map<String, String> env, Path log, ProcessHandle server, long timeoutSeconds)
            throws IOException, InterruptedException {
        boolean gnuTime = Files.isExecutable(GNU_TIME);
        Path timeOut = Files.createTempFile("vs-time", ".txt");
        try {
            List<String> full = new ArrayList<>();
            if (gnuTime) {
                full.addAll(List.of(GNU_TIME.toString(), "-f", "%U %S %M", "-o", timeOut.toString()));
            }
            full.addAll(cmd);
            ProcessBuilder pb = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().putAll(env);
            double server0 = cpuSeconds(server);
            long t0 = System.nanoTime();
            Process p = pb.start();
            Poller poller = gnuTime ? null : new Poller(p.pid());
            if (poller != null) {
                poller.start();
            }
            boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            double wall = (System.nanoTime() - t0) / 1e9;
            double serverCpu = cpuSeconds(server) - server0;
            if (poller != null) {
                poller.interrupt();
                poller.join(1000);
            }
            if (!done) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new IOException("did not finish within " + timeoutSeconds + " s: " + String.join(" ", cmd) + "\n" + tail(log));
            }
            if (p.exitValue() != 0) {
                throw new IOException("exited with " + p.exitValue() + ": " + String.join(" ", cmd) + "\n" + tail(log));
            }
            if (gnuTime) {
                String[] f = Files.readString(timeOut, StandardCharsets.US_ASCII).strip().split("\\s+");
                String[] last = java.util.Arrays.copyOfRange(f, f.length - 3, f.length);
                return new Usage(wall, Double.parseDouble(last[0]) + Double.parseDouble(last[1]),
                        Long.parseLong(last[2]) / 1024.0, serverCpu);
            }
            return new Usage(wall, poller.cpuTicks / 100.0, poller.hwmKb / 1024.0, serverCpu);
        } finally {
            Files.deleteIfExists(timeOut);
        }
    }

    /** @return the CPU seconds a live process has used so far, 0 if unknown */
    static double cpuSeconds(ProcessHandle h) {
        return h.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0);
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 25), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "(no output: " + e + ")";
        }
    }

    /** The fallback without /usr/bin/time: the last values seen in /proc before the process exited. */
    private static final class Poller extends Thread {
        private final long pid;
        volatile long cpuTicks;
        volatile long hwmKb;

        Poller(long pid) {
            super("vs-proc-poller");
            setDaemon(true);
            this.pid = pid;
        }

        @Override
        public void run() {
            Path stat = Path.of("/proc/" + pid + "/stat");
            Path status = Path.of("/proc/" + pid + "/status");
            while (!isInterrupted()) {
                try {
                    String s = Files.readString(stat, StandardCharsets.US_ASCII);
                    // Fields after the ")" that closes the command name: state is field 3; utime..cstime are 14..17.
                    String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
                    cpuTicks = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
                    for (String l : Files.readAllLines(status, StandardCharsets.US_ASCII)) {
                        if (l.startsWith("VmHWM:")) {
                            hwmKb = Math.max(hwmKb, Long.parseLong(l.replaceAll("[^0-9]", "")));
                        }
                    }
                    Thread.sleep(10);
                } catch (IOException | RuntimeException e) {
                    return; // the process is gone
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
