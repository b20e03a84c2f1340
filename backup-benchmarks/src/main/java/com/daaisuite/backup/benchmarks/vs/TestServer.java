package com.daaisuite.backup.benchmarks.vs;

import com.daaisuite.backup.benchmarks.e2e.MongoServerMain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * mongo-java-server in its own JVM, so that its CPU and memory are not the tools': a fixed heap
 * ({@code -Xms} = {@code -Xmx}, nothing resized during a run) and the parallel collector with one
 * thread, whose pauses are short and whose cost lands on the server's own CPU figure, not on a
 * tool's. The same server serves every tool in the run.
 */
final class TestServer implements AutoCloseable {
    private final Process process;
    private final int port;

    private TestServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static String jvmOptions(long heapMb) {
        return "-Xms" + heapMb + "m -Xmx" + heapMb + "m -XX:+UseParallelGC -XX:ParallelGCThreads=1";
    }

    static TestServer start(long heapMb, Path log) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(java);
        cmd.addAll(List.of(jvmOptions(heapMb).split(" ")));
        cmd.addAll(List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=error", "-cp", System.getProperty("java.class.path"),
                MongoServerMain.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = r.readLine();
        if (line == null || !line.startsWith("LISTENING ")) {
            p.destroyForcibly();
            throw new IOException("The MongoDB test server did not start (first line: " + line + "); see " + log + ": "
                    + (Files.exists(log) ? Files.readString(log) : ""));
        }
        return new TestServer(p, Integer.parseInt(line.substring("LISTENING ".length()).trim()));
    }

    String uri() {
        return "mongodb://127.0.0.1:" + port;
    }

    ProcessHandle handle() {
        return process.toHandle();
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
