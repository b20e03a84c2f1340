package com.daaisuite.backup.storage.s3;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny HTTP/1.1 forwarder between the SDK and s3proxy that can fail chosen requests: answer 500,
 * 503 SlowDown or 403 AccessDenied, reset the connection in the middle of the request body, or forward the request and
 * then reset instead of delivering the response.
 *
 * <p>One request per connection: the forwarded request asks the server to close, so the response
 * runs until end of stream and needs no parsing. The {@code Expect: 100-continue} handshake is
 * answered here (the SDK does not sign that header), so the server never waits for it.
 */
final class FaultInjectingProxy implements AutoCloseable {

    enum Action { PASS, RESPOND_500, RESPOND_503_SLOW_DOWN, RESPOND_403_ACCESS_DENIED, RESET_MID_BODY, LOSE_RESPONSE }

    /** One request as seen by the proxy. */
    record Request(int number, String method, String target) {
        boolean isUploadPart(int partNumber) {
            return method.equals("PUT") && target.contains("partNumber=" + partNumber + "&")
                    || method.equals("PUT") && target.endsWith("partNumber=" + partNumber);
        }

        boolean isPutObject() {
            return method.equals("PUT") && !target.contains("uploadId=") && !target.contains("partNumber=");
        }

        boolean isCompleteMultipartUpload() {
            return method.equals("POST") && target.contains("uploadId=");
        }
    }

    /** Decides what to do with a request. */
    interface Rule {
        Action decide(Request request);
    }

    private final ServerSocket server;
    private final int upstreamPort;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger counter = new AtomicInteger();
    private volatile Rule rule = r -> Action.PASS;

    FaultInjectingProxy(int upstreamPort) throws IOException {
        this.upstreamPort = upstreamPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "fault-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    void rule(Rule rule) {
        this.rule = rule;
        requests.clear();
    }

    List<Request> requests() {
        return new ArrayList<>(requests);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread t = new Thread(() -> handle(client), "fault-proxy-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void handle(Socket client) {
        try (client) {
            InputStream in = new BufferedInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            String head = readHead(in);
            if (head == null) {
                return;
            }
            String[] lines = head.split("\r\n");
            String[] requestLine = lines[0].split(" ");
            Request request = new Request(counter.incrementAndGet(), requestLine[0], requestLine[1]);
            requests.add(request);
            long contentLength = 0;
            boolean expectContinue = false;
            StringBuilder forwarded = new StringBuilder(lines[0]).append("\r\n");
            for (int i = 1; i < lines.length; i++) {
                String line = lines[i];
                String name = line.substring(0, line.indexOf(':')).trim().toLowerCase(Locale.ROOT);
                String value = line.substring(line.indexOf(':') + 1).trim();
                if (name.equals("content-length")) {
                    contentLength = Long.parseLong(value);
                }
                if (name.equals("transfer-encoding")) {
                    throw new IOException("chunked request bodies are not supported by this test proxy");
                }
                if (name.equals("expect")) {
                    expectContinue = value.equalsIgnoreCase("100-continue");
                    continue;
                }
                if (name.equals("connection")) {
                    continue;
                }
                forwarded.append(line).append("\r\n");
            }
            forwarded.append("Connection: close\r\n\r\n");

            Action action = rule.decide(request);
            switch (action) {
                case RESPOND_500:
                case RESPOND_503_SLOW_DOWN:
                case RESPOND_403_ACCESS_DENIED:
                    if (!expectContinue) {
                        in.skipNBytes(contentLength);
                    }
                    respondError(out, action);
                    return;
                case RESET_MID_BODY:
                    if (expectContinue) {
                        out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                    in.skipNBytes(contentLength / 2);
                    reset(client);
                    return;
                default:
                    break;
            }
            try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
                OutputStream up = upstream.getOutputStream();
                up.write(forwarded.toString().getBytes(StandardCharsets.ISO_8859_1));
                if (expectContinue) {
                    out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
                copy(in, up, contentLength);
                up.flush();
                InputStream fromUpstream = upstream.getInputStream();
                if (action == Action.LOSE_RESPONSE) {
                    fromUpstream.readAllBytes();
                    reset(client);
                    return;
                }
                fromUpstream.transferTo(out);
                out.flush();
            }
        } catch (IOException e) {
            // The client or server went away; the test observes the outcome through the SDK.
        }
    }

    private static void respondError(OutputStream out, Action action) throws IOException {
        int status;
        String reason;
        String code;
        String message;
        if (action == Action.RESPOND_503_SLOW_DOWN) {
            status = 503;
            reason = "Slow Down";
            code = "SlowDown";
            message = "Please reduce your request rate.";
        } else if (action == Action.RESPOND_403_ACCESS_DENIED) {
            status = 403;
            reason = "Forbidden";
            code = "AccessDenied";
            message = "Access Denied";
        } else {
            status = 500;
            reason = "Internal Server Error";
            code = "InternalError";
            message = "We encountered an internal error.";
        }
        String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>" + message
                + "</Message><RequestId>fault-proxy</RequestId></Error>";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + reason + "\r\n"
                + "Content-Type: application/xml\r\nContent-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
    }

    /** Closes with RST instead of FIN, as a crashed or overloaded peer does. */
    private static void reset(Socket socket) throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    private static void copy(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long left = length;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new IOException("request body ended early");
            }
            out.write(buf, 0, n);
            left -= n;
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String s = head.toString(StandardCharsets.ISO_8859_1);
        return s.substring(0, s.length() - 4);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
