package io.turnpike.dataplane.integration.aws;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.turnpike.aws.sigv4.AwsCredentials;
import io.turnpike.aws.sigv4.SigV4Signer;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code moto_server} (Python's AWS service emulator) on a free loopback port, started for a test
 * class and stopped after it; tests that need it are skipped when it is not installed.
 */
final class MotoServer implements AutoCloseable {

    static final AwsCredentials KEYS = new AwsCredentials("AKIDMOTO", "moto-secret", null);

    private final Process process;
    final int port;
    private final HttpClient http = HttpClient.newHttpClient();

    private MotoServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static MotoServer start() throws Exception {
        String executable = find("moto_server");
        assumeTrue(executable != null, "moto_server is not installed (pip install 'moto[server]'); skipping");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path log = Files.createTempFile("moto", ".log");
        Process p = new ProcessBuilder(executable, "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        MotoServer moto = new MotoServer(p, port);
        // readiness, not timing: wait for it to answer, as any client of a starting server would
        for (int i = 0; i < 600; i++) {
            if (!p.isAlive()) {
                throw new IllegalStateException("moto_server exited: " + Files.readString(log));
            }
            try {
                HttpResponse<String> r = moto.http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/moto-api/data.json"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return moto;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        moto.close();
        throw new IllegalStateException("moto_server did not answer on port " + port);
    }

    private static String find(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(dir, name);
            if (f.canExecute()) {
                return f.getAbsolutePath();
            }
        }
        return null;
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** A SigV4-signed call straight to moto, for setting up and checking what the gateway did. */
    HttpResponse<byte[]> call(
            String service, String method, String rawPath, String rawQuery, byte[] body, String... headerPairs)
            throws Exception {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("Host", "127.0.0.1:" + port));
        for (int i = 0; i < headerPairs.length; i += 2) {
            headers.add(Map.entry(headerPairs[i], headerPairs[i + 1]));
        }
        headers.addAll(
                SigV4Signer.sign(method, rawPath, rawQuery, headers, body, KEYS, "us-east-1", service, Instant.now()));
        HttpRequest.Builder b = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + rawPath + (rawQuery.isEmpty() ? "" : "?" + rawQuery)))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        headers.stream().filter(h -> !h.getKey().equals("Host")).forEach(h -> b.header(h.getKey(), h.getValue()));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<byte[]> call(
            String service, String method, String rawPath, String rawQuery, String body, String... headers)
            throws Exception {
        return call(service, method, rawPath, rawQuery, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
