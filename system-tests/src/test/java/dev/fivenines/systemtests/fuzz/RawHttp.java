package dev.fivenines.systemtests.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP/1.1 client over a bare socket that sends exactly the bytes it is given: the JDK's client
 * refuses a NUL, a non-ASCII header value or an invalid escape before anything leaves the machine,
 * and those are what the fuzzer must send. One request per connection ({@code Connection: close}),
 * a deadline on connect and on every read, and a cap on what it reads back.
 */
final class RawHttp {
    static final int MAX_ANSWER_BYTES = 4 * 1024 * 1024;

    private final String host;
    private final int port;
    private final Duration timeout;

    RawHttp(String host, int port, Duration timeout) {
        this.host = host;
        this.port = port;
        this.timeout = timeout;
    }

    /** An answer; header names are lower case. */
    record Answer(int status, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            String text = text();
            return status + " " + header("content-type") + " " + (text.length() > 300 ? text.substring(0, 300) + "..." : text);
        }
    }

    /**
     * Sends {@code method target} with the given headers (each value raw bytes) and body, and reads
     * the answer. {@code Host}, {@code Connection: close} and {@code Content-Length} (when a body is
     * given) are added.
     */
    Answer send(String method, byte[] target, Map<String, byte[]> headers, byte[] body) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            socket.setTcpNoDelay(true);
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.write((method + " ").getBytes(StandardCharsets.US_ASCII));
            request.write(target);
            request.write(" HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
            Map<String, byte[]> all = new LinkedHashMap<>();
            all.put("Host", (host + ":" + port).getBytes(StandardCharsets.US_ASCII));
            all.put("Connection", "close".getBytes(StandardCharsets.US_ASCII));
            if (body != null) {
                all.put("Content-Length", Integer.toString(body.length).getBytes(StandardCharsets.US_ASCII));
            }
            all.putAll(headers);
            for (Map.Entry<String, byte[]> header : all.entrySet()) {
                request.write((header.getKey() + ": ").getBytes(StandardCharsets.US_ASCII));
                request.write(header.getValue());
                request.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            request.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            if (body != null) {
                request.write(body);
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.toByteArray());
            out.flush();
            return read(socket.getInputStream(), method.equals("HEAD"));
        }
    }

    private static Answer read(InputStream in, boolean head) throws IOException {
        String statusLine = line(in);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP status line: '" + statusLine + "'");
        }
        int status = Integer.parseInt(parts[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        if (head || status == 204 || status == 304) {
            return new Answer(status, headers, new byte[0]);
        }
        byte[] body;
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = chunked(in);
        } else if (headers.containsKey("content-length")) {
            body = exactly(in, Integer.parseInt(headers.get("content-length")));
        } else {
            body = exactly(in, -1);
        }
        return new Answer(status, headers, body);
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line(in);
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim(), 16);
            if (size == 0) {
                while (!line(in).isEmpty()) {
                    // trailers: ignored
                }
                return body.toByteArray();
            }
            if (body.size() + size > MAX_ANSWER_BYTES) {
                throw new IOException("answer larger than " + MAX_ANSWER_BYTES + " bytes");
            }
            body.write(exactly(in, size));
            line(in);
        }
    }

    /** {@code length} bytes, or everything up to the end of the stream when {@code length < 0}. */
    private static byte[] exactly(InputStream in, int length) throws IOException {
        if (length > MAX_ANSWER_BYTES) {
            throw new IOException("answer larger than " + MAX_ANSWER_BYTES + " bytes");
        }
        if (length >= 0) {
            byte[] bytes = in.readNBytes(length);
            if (bytes.length < length) {
                throw new IOException("answer ended after " + bytes.length + " of " + length + " bytes");
            }
            return bytes;
        }
        byte[] bytes = in.readNBytes(MAX_ANSWER_BYTES + 1);
        if (bytes.length > MAX_ANSWER_BYTES) {
            throw new IOException("answer larger than " + MAX_ANSWER_BYTES + " bytes");
        }
        return bytes;
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed in the middle of a line: '" + line.toString(StandardCharsets.ISO_8859_1) + "'");
            }
            if (line.size() > 64 * 1024) {
                throw new IOException("header line longer than 64 KiB");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
