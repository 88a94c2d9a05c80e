package io.turnpike.dataplane.integration.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import javax.net.ServerSocketFactory;

/**
 * A real upstream on 127.0.0.1 with scripted behaviour: one blocking thread per accepted connection runs
 * a {@link Behaviour}. It records every request and counts connections, and how many of them the client
 * closed, so tests can see pooling from the upstream's side.
 */
final class TestUpstream implements AutoCloseable {

    /** A request as the upstream read it. */
    record Request(String method, String target, List<Map.Entry<String, String>> headers, byte[] body, int connection) {

        /** All values of a header, by case-insensitive name. */
        List<String> header(String name) {
            List<String> values = new ArrayList<>();
            for (Map.Entry<String, String> h : headers) {
                if (h.getKey().equalsIgnoreCase(name)) {
                    values.add(h.getValue());
                }
            }
            return values;
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** What the upstream does with one connection. */
    interface Behaviour {
        void serve(Connection connection) throws Exception;
    }

    /** One accepted connection. */
    final class Connection {
        final Socket socket;
        final int index;
        private final InputStream in;
        private final OutputStream out;

        Connection(Socket socket, int index) throws IOException {
            this.socket = socket;
            this.index = index;
            this.in = new BufferedInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        /** The next request, or null once the client closed the connection. */
        Request read() throws IOException {
            String line = readLine();
            while (line != null && line.isEmpty()) {
                line = readLine();
            }
            if (line == null) {
                clientCloses.incrementAndGet();
                return null;
            }
            String[] parts = line.split(" ");
            List<Map.Entry<String, String>> headers = new ArrayList<>();
            int contentLength = 0;
            for (String h = readLine(); h != null && !h.isEmpty(); h = readLine()) {
                int colon = h.indexOf(':');
                String name = h.substring(0, colon);
                String value = h.substring(colon + 1).trim();
                headers.add(Map.entry(name, value));
                if (name.equalsIgnoreCase("content-length")) {
                    contentLength = Integer.parseInt(value);
                }
            }
            byte[] body = in.readNBytes(contentLength);
            Request request = new Request(parts[0], parts[1], List.copyOf(headers), body, index);
            requests.add(request);
            return request;
        }

        /** Blocks until the client closes the connection (or it is reset); counts the close. */
        void awaitClientClose() throws IOException {
            try {
                while (in.read() >= 0) {
                    // discard
                }
            } catch (IOException ignored) {
                // a reset is a close too
            }
            clientCloses.incrementAndGet();
        }

        void write(String text) throws IOException {
            write(text.getBytes(StandardCharsets.ISO_8859_1));
        }

        void write(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        /** Closes with RST instead of FIN. */
        void reset() throws IOException {
            socket.setSoLinger(true, 0);
            socket.close();
        }

        private String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                if (b == '\n') {
                    String s = line.toString(StandardCharsets.ISO_8859_1);
                    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
                }
                line.write(b);
            }
            return null;
        }
    }

    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-upstream");
        t.setDaemon(true);
        return t;
    });
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger clientCloses = new AtomicInteger();

    private TestUpstream(ServerSocketFactory factory, Behaviour behaviour) throws IOException {
        server = factory.createServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        threads.execute(() -> accept(behaviour));
    }

    static TestUpstream start(Behaviour behaviour) throws IOException {
        return new TestUpstream(ServerSocketFactory.getDefault(), behaviour);
    }

    static TestUpstream start(ServerSocketFactory factory, Behaviour behaviour) throws IOException {
        return new TestUpstream(factory, behaviour);
    }

    /** A keep-alive upstream answering every request on a connection with {@code answer}. */
    static TestUpstream serving(Function<Request, String> answer) throws IOException {
        return start(c -> {
            for (Request r = c.read(); r != null; r = c.read()) {
                c.write(answer.apply(r));
            }
        });
    }

    /** A complete response with a Content-Length body. */
    static String response(int status, String body, String... headerLines) {
        StringBuilder s = new StringBuilder("HTTP/1.1 ").append(status).append(" Status\r\n");
        for (String h : headerLines) {
            s.append(h).append("\r\n");
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        s.append("Content-Length: ").append(bytes.length).append("\r\n\r\n");
        return s + new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private void accept(Behaviour behaviour) {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                return;
            }
            sockets.add(socket);
            int index = connections.incrementAndGet();
            threads.execute(() -> {
                try (socket) {
                    behaviour.serve(new Connection(socket, index));
                } catch (Exception ignored) {
                    // the client went away mid-script; the test asserts what the client saw
                }
            });
        }
    }

    int port() {
        return server.getLocalPort();
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port() + pathAndQuery);
    }

    /** Connections accepted so far. */
    int connections() {
        return connections.get();
    }

    /** Connections the client closed (seen as end of stream while reading). */
    int clientCloses() {
        return clientCloses.get();
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
        threads.shutdownNow();
    }

    /** Polls {@code condition} until it holds or {@code millis} pass; returns whether it held. */
    static boolean eventually(long millis, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(10);
        }
        return condition.getAsBoolean();
    }
}
