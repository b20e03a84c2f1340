package com.daaisuite.backup.benchmarks.wave;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The application workload in a JVM of its own ({@link AppWorkloadMain}, same jar, its own small heap):
 * the database's service to another process, without this JVM's garbage collection in its latencies.
 */
final class ChildWorkload implements Workload {
    private final String uri;
    private final List<String> databases;
    private final int documents;
    private final int rate;
    private final Path gcLog;

    /** @param gcLog where the child writes its GC log (one file per start, numbered), or null */
    ChildWorkload(String uri, List<String> databases, int documents, int rate, Path gcLog) {
        this.uri = uri;
        this.databases = List.copyOf(databases);
        this.documents = documents;
        this.rate = rate;
        this.gcLog = gcLog;
    }

    private int starts;

    @Override
    public Started start(int maxSeconds, long seed) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"));
        if (gcLog != null) {
            cmd.add("-Xlog:gc:file=" + gcLog + "." + (++starts) + ":time,uptime");
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), AppWorkloadMain.class.getName(), uri,
                String.valueOf(documents), String.valueOf(rate), String.valueOf(maxSeconds), String.valueOf(seed)));
        cmd.addAll(databases);
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
            for (String line; !"STARTED".equals(line = out.readLine()); ) {
                if (line == null) {
                    throw new IllegalStateException("the application workload's JVM ended before it started: " + p.waitFor());
                }
            }
            return () -> stop(p, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Latencies stop(Process p, BufferedReader out) {
        try (Writer in = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.US_ASCII)) {
            in.write("stop\n");
            in.flush();
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("RESULT ")) {
                // skip
            }
            if (line == null) {
                throw new IllegalStateException("the application workload's JVM ended without its result");
            }
            String[] r = line.split(" ");
            int n = Integer.parseInt(r[3]);
            List<long[]> samples = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String[] s = out.readLine().split(" ");
                samples.add(new long[] {Long.parseLong(s[0]), Long.parseLong(s[1])});
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return new Latencies(samples, Integer.parseInt(r[2]), Integer.parseInt(r[1]), Long.parseLong(r[4]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
