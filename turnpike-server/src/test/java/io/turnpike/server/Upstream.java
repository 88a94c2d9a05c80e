package io.turnpike.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP backend on loopback for integration tests:
 * <ul>
 *   <li>{@code /echo/...}: answers 200 with a JSON description of the request it received;
 *   <li>{@code /status/{code}}: answers that status with {@code {"code":N}};
 *   <li>{@code /slow/{millis}}: waits, then answers 200;
 *   <li>{@code /raw}: answers the request body's bytes with the request's Content-Type.
 * </ul>
 * Every response carries {@code Server: upstream/1.0}, which API Gateway remaps.
 */
final class Upstream implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    final AtomicInteger requests = new AtomicInteger();

    Upstream() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/", this::handle);
        server.start();
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        byte[] in = ex.getRequestBody().readAllBytes();
        String path = ex.getRequestURI().getRawPath();
        if (path.equals("/raw")) {
            String type = ex.getRequestHeaders().getFirst("Content-Type");
            ex.getResponseHeaders().add("Content-Type", type == null ? "application/octet-stream" : type);
            ex.sendResponseHeaders(200, in.length == 0 ? -1 : in.length);
            ex.getResponseBody().write(in);
            ex.close();
            return;
        }
        int status = 200;
        Object reply;
        if (path.startsWith("/status/")) {
            status = Integer.parseInt(path.substring("/status/".length()));
            reply = Map.of("code", status);
        } else if (path.startsWith("/slow/")) {
            try {
                Thread.sleep(Long.parseLong(path.substring("/slow/".length())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            reply = Map.of("slow", true);
        } else {
            Map<String, Object> echo = new LinkedHashMap<>();
            echo.put("method", ex.getRequestMethod());
            echo.put("path", path);
            echo.put("query", ex.getRequestURI().getRawQuery());
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v));
            echo.put("headers", headers);
            echo.put("body", new String(in, StandardCharsets.UTF_8));
            reply = echo;
        }
        byte[] out = JSON.writeValueAsBytes(reply);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.getResponseHeaders().add("Server", "upstream/1.0");
        ex.getResponseHeaders().add("X-Upstream", "yes");
        ex.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
        ex.getResponseBody().write(out);
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
