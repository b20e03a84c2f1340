package com.daaisuite.backup.web;

import com.daaisuite.backup.web.jdk.BackupsHttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Run by {@link SlowClientsTest} in a fresh JVM (the JDK reads its request deadline once per JVM): a
 * server from {@link BackupsHttpHandler#createServer}, four clients that promise a body and never send
 * it, and then a normal request. Prints "answered <status> after <ms> ms".
 */
public final class SlowClientsProbe {
    private SlowClientsProbe() {}

    public static void main(String[] args) throws Exception {
        // Never outlive the test: say where it stood and leave.
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(100_000);
                System.out.println("probe gave up after 100 s");
                Thread.getAllStackTraces().forEach((t, st) -> System.out.println(t + " " + java.util.Arrays.toString(st)));
                System.exit(3);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        watchdog.setDaemon(true);
        watchdog.start();
        // First, before any other HttpServer of this JVM: the deadline is read when the first one is made.
        HttpServer server = BackupsHttpHandler.createServer(new InetSocketAddress("127.0.0.1", 0), 4, 16, Duration.ofSeconds(2));
        try (WebFixture f = WebFixture.start()) {
            BackupsHttpHandler.mount(server, "/backups", f.web);
            server.start();
            int port = server.getAddress().getPort();
            List<Socket> slow = new ArrayList<>();
            for (int i = 0; i < Integer.parseInt(args[0]); i++) {
                Socket s = new Socket("127.0.0.1", port);
                s.getOutputStream().write(("POST /backups/api/backups HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 100000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                slow.add(s);
            }
            // A request waits against its own deadline too: it arrives a moment after the slow ones, as a user would.
            Thread.sleep(1_000);
            long t0 = System.nanoTime();
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(30_000);
                OutputStream out = s.getOutputStream();
                out.write(("GET /backups/api/session HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nCookie: " + WebFixture.COOKIE + "="
                        + WebFixture.sessionOf(WebFixture.VIEWER) + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = s.getInputStream();
                String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
                System.out.println("answered " + status.substring(9) + " after " + (System.nanoTime() - t0) / 1_000_000 + " ms");
            } catch (java.net.SocketTimeoutException e) {
                System.out.println("answered nothing after " + (System.nanoTime() - t0) / 1_000_000 + " ms");
            }
            for (Socket s : slow) {
                s.close();
            }
            server.stop(0);
        }
        System.exit(0);
    }
}
