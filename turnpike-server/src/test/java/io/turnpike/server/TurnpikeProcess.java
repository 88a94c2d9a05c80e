package io.turnpike.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * A real Turnpike process: the shaded jar started with {@code java -jar … serve} on free ports and a
 * data directory, as a user starts it. Output is captured for assertions.
 */
final class TurnpikeProcess implements AutoCloseable {

    static final Path JAR = Path.of(System.getProperty("turnpike.jar", "target/turnpike.jar"));

    final Path dataDir;
    final int port;
    final int adminPort;
    final Map<String, String> env;
    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final Thread pump;

    private TurnpikeProcess(Path dataDir, int port, int adminPort, Map<String, String> env, List<String> extraArgs)
            throws IOException {
        this(dataDir, port, adminPort, env, List.of(), extraArgs);
    }

    private TurnpikeProcess(
            Path dataDir,
            int port,
            int adminPort,
            Map<String, String> env,
            List<String> jvmArgs,
            List<String> extraArgs)
            throws IOException {
        this.dataDir = dataDir;
        this.port = port;
        this.adminPort = adminPort;
        this.env = env;
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xmx256m"));
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of(
                "-jar",
                JAR.toAbsolutePath().toString(),
                "serve",
                "--port",
                Integer.toString(port),
                "--admin-port",
                Integer.toString(adminPort),
                "--data-dir",
                dataDir.toString()));
        cmd.addAll(extraArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("TURNPIKE_"));
        pb.environment().putAll(env);
        process = pb.start();
        pump = new Thread(() -> {
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    output.append(line).append('\n');
                }
            } catch (IOException ignored) {
                // the process went away
            }
        });
        pump.setDaemon(true);
        pump.start();
    }

    /** Starts a process and waits until both listeners answer their health checks. */
    static TurnpikeProcess start(Path dataDir) throws Exception {
        return start(dataDir, Map.of(), List.of());
    }

    static TurnpikeProcess start(Path dataDir, Map<String, String> env, List<String> extraArgs) throws Exception {
        TurnpikeProcess p = new TurnpikeProcess(dataDir, freePort(), freePort(), env, extraArgs);
        p.awaitHealthy();
        return p;
    }

    /** Starts a process with extra JVM options (before {@code -jar}) and waits until it is healthy. */
    static TurnpikeProcess startWithJvmArgs(Path dataDir, List<String> jvmArgs) throws Exception {
        TurnpikeProcess p = new TurnpikeProcess(dataDir, freePort(), freePort(), Map.of(), jvmArgs, List.of());
        p.awaitHealthy();
        return p;
    }

    /** Starts a process without waiting for it to become healthy (for start-up failures). */
    static TurnpikeProcess launch(Path dataDir, int port, int adminPort, Map<String, String> env) throws IOException {
        return new TurnpikeProcess(dataDir, port, adminPort, env, List.of());
    }

    void awaitHealthy() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("turnpike exited with " + process.exitValue() + ":\n" + output);
            }
            try {
                if (get(http, adminPort).statusCode() == 200 && get(http, port).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("turnpike did not become healthy:\n" + output);
    }

    private static HttpResponse<String> get(HttpClient http, int port) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/_turnpike/health"))
                        .timeout(Duration.ofSeconds(2))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    URI adminEndpoint() {
        return URI.create("http://127.0.0.1:" + adminPort);
    }

    URI dataEndpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The admin key pair this process uses: from the environment or its data directory. */
    String[] credentials() throws IOException {
        if (env.containsKey("TURNPIKE_ACCESS_KEY_ID")) {
            return new String[] {env.get("TURNPIKE_ACCESS_KEY_ID"), env.get("TURNPIKE_SECRET_ACCESS_KEY")};
        }
        Properties p = new Properties();
        try (var in = Files.newInputStream(dataDir.resolve("credentials"))) {
            p.load(in);
        }
        return new String[] {p.getProperty("aws_access_key_id"), p.getProperty("aws_secret_access_key")};
    }

    ApiGatewayClient client() throws IOException {
        return client(RetryMode.STANDARD);
    }

    /** A client for this process; {@code maxAttempts} 1 turns the SDK's retries off. */
    ApiGatewayClient client(int maxAttempts) throws IOException {
        String[] c = credentials();
        return ApiGatewayClient.builder()
                .endpointOverride(adminEndpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(c[0], c[1])))
                .httpClient(ApacheHttpClient.builder()
                        .socketTimeout(Duration.ofSeconds(10))
                        .build())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(b -> b.maxAttempts(maxAttempts))
                        .build())
                .build();
    }

    /** A Lambda API client for this process (the same admin endpoint and key pair). */
    LambdaClient lambdaClient() throws IOException {
        String[] c = credentials();
        return LambdaClient.builder()
                .endpointOverride(adminEndpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(c[0], c[1])))
                .httpClient(ApacheHttpClient.builder().build())
                .build();
    }

    private ApiGatewayClient client(RetryMode mode) throws IOException {
        String[] c = credentials();
        return ApiGatewayClient.builder()
                .endpointOverride(adminEndpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(c[0], c[1])))
                .httpClient(ApacheHttpClient.builder()
                        .socketTimeout(Duration.ofSeconds(10))
                        .build())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(mode)
                        .build())
                .build();
    }

    String output() {
        return output.toString();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Process process() {
        return process;
    }

    /**
     * SIGTERM, as an init system or orchestrator sends it, then wait for the process to finish shutting
     * down. Sent with {@code kill}: {@link Process#destroy()} does not run the child JVM's shutdown hooks
     * on every machine.
     */
    int stop() throws InterruptedException {
        try {
            new ProcessBuilder("kill", "-TERM", Long.toString(process.pid()))
                    .inheritIO()
                    .start()
                    .waitFor();
        } catch (IOException e) {
            process.destroy();
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        pump.join(5000);
        return process.exitValue();
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        pump.join(5000);
    }

    int awaitExit() throws InterruptedException {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("turnpike did not exit:\n" + output);
        }
        pump.join(5000);
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    static Map<String, String> env(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
