package com.daaisuite.backup.benchmarks.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link MongoServerMain} child JVM: started with its own heap, measured by CPU time, stopped by closing
 * stdin. Both harnesses (this package's and {@code vs}, the side-by-side with the MongoDB tools) start their
 * server through it; they differ only in JVM options.
 */
public final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;
    private final int port;
    private final long heapMb;

    private ServerProcess(Process process, BufferedReader out, int port, long heapMb) {
        this.process = process;
        this.out = out;
        this.port = port;
        this.heapMb = heapMb;
    }

    static ServerProcess start(long heapMb, Path log) throws IOException {
        return start(List.of("-Xmx" + heapMb + "m", "-XX:+UseG1GC"), heapMb, log);
    }

    /**
     * @param jvmOptions the child's JVM options (heap, collector)
     * @param heapMb the heap those options give, for reports
     * @param log where the child's standard error goes
     * @return the running server, listening
     * @throws IOException if it did not start (the message quotes its log)
     */
    public static ServerProcess start(List<String> jvmOptions, long heapMb, Path log) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), MongoServerMain.class.getName()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(log.toFile());
        Process p = pb.start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = r.readLine();
        if (line == null || !line.startsWith("LISTENING ")) {
            p.destroyForcibly();
            throw new IOException("The MongoDB test server did not start (first line: " + line + "); see " + log + ": "
                    + (Files.exists(log) ? Files.readString(log) : ""));
        }
        return new ServerProcess(p, r, Integer.parseInt(line.substring("LISTENING ".length()).trim()), heapMb);
    }

    int port() {
        return port;
    }

    /** @return the connection string of this server */
    public String uri() {
        return "mongodb://127.0.0.1:" + port;
    }

    /** @return the child process, for measuring its CPU time */
    public ProcessHandle handle() {
        return process.toHandle();
    }

    long heapMb() {
        return heapMb;
    }

    long pid() {
        return process.pid();
    }

    /** @return the server's CPU time so far (user + system), in nanoseconds, or -1 if unknown */
    long cpuNanos() {
        return process.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    /** @return the server's heap after a full GC, in MB, or -1 if it did not answer */
    long liveHeapMb() {
        try {
            process.getOutputStream().write("gc\n".getBytes(StandardCharsets.US_ASCII));
            process.getOutputStream().flush();
            String line = out.readLine();
            return line != null && line.startsWith("HEAP ") ? Long.parseLong(line.substring(5).trim()) >> 20 : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** @return the server's resident memory in MB from /proc, or -1 */
    long residentMb() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
