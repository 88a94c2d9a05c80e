package io.turnpike.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;

/** The process as a user meets it: start-up, health, credentials, authentication, the data plane, stop. */
class ServeIT {

    @TempDir
    static Path dataDir;

    static TurnpikeProcess turnpike;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        turnpike = TurnpikeProcess.start(dataDir);
    }

    @AfterAll
    static void stop() throws Exception {
        turnpike.close();
    }

    private static HttpResponse<String> send(HttpRequest r) throws Exception {
        return http.send(r, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void firstStartGeneratesOwnerOnlyCredentialsAndPrintsACliProfile() throws Exception {
        Path file = dataDir.resolve("credentials");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        String[] keys = turnpike.credentials();
        assertThat(keys[0]).matches("TPK[A-Z2-7]{17}");
        assertThat(keys[1]).hasSize(40);
        assertThat(turnpike.output())
                .contains("Turnpike is serving")
                .contains("[profile turnpike]")
                .contains("aws_access_key_id = " + keys[0])
                .contains("aws_secret_access_key = " + keys[1])
                .contains("--endpoint-url http://127.0.0.1:" + turnpike.adminPort);
    }

    @Test
    void logsOneLinePerAdminCallWithoutSecrets() throws Exception {
        try (ApiGatewayClient client = turnpike.client()) {
            client.getRestApis();
        }
        String[] keys = turnpike.credentials();
        Thread.sleep(200);
        String log = turnpike.output();
        assertThat(log.lines().filter(l -> l.contains("admin call") && l.contains("operation=\"GetRestApis\"")))
                .anySatisfy(l -> assertThat(l)
                        .containsPattern("requestId=\"[0-9a-f-]{36}\"")
                        .contains("status=\"200\"")
                        .containsPattern("latencyMs=\"[0-9.]+\""));
        // the banner prints the generated secret once; no log line ever carries it or a signature
        assertThat(log.lines().filter(l -> l.contains(" INFO ") || l.contains(" WARN ") || l.contains(" ERROR ")))
                .noneMatch(l -> l.contains(keys[1]) || l.contains("Signature="));
    }

    @Test
    void bothListenersAnswerHealthChecks() throws Exception {
        for (URI base : List.of(turnpike.adminEndpoint(), turnpike.dataEndpoint())) {
            HttpResponse<String> r = send(
                    HttpRequest.newBuilder(base.resolve("/_turnpike/health")).build());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("{\"status\":\"ok\"}");
        }
    }

    @Test
    void theDataPlaneAnswersUnknownRoutesAsAwsDoes() throws Exception {
        HttpResponse<String> r =
                send(HttpRequest.newBuilder(turnpike.dataEndpoint().resolve("/prod/pets"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"a\":1}"))
                        .build());
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("x-amzn-ErrorType")).hasValue("MissingAuthenticationTokenException");
        assertThat(r.headers().firstValue("x-amzn-RequestId")).isPresent();
        assertThat(r.body()).isEqualTo("{\"message\":\"Missing Authentication Token\"}");
    }

    @Test
    void unsignedAdminCallsAreRejected() throws Exception {
        HttpResponse<String> r =
                send(HttpRequest.newBuilder(turnpike.adminEndpoint().resolve("/restapis"))
                        .build());
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("x-amzn-ErrorType")).hasValue("MissingAuthenticationTokenException");
        assertThat(r.body()).isEqualTo("{\"message\":\"Missing Authentication Token\"}");
    }

    @Test
    void wronglySignedAdminCallsAreRejected() throws Exception {
        String[] keys = turnpike.credentials();
        Instant now = Instant.now();

        HttpResponse<String> wrongSecret = send(sign(keys[0], "not-the-secret", now, "us-east-1"));
        assertThat(wrongSecret.statusCode()).isEqualTo(403);
        assertThat(wrongSecret.headers().firstValue("x-amzn-ErrorType")).hasValue("InvalidSignatureException");
        assertThat(wrongSecret.body())
                .contains("The request signature we calculated does not match the signature you provided.");

        HttpResponse<String> foreignKey = send(sign("AKIDSOMEONEELSE00000", keys[1], now, "us-east-1"));
        assertThat(foreignKey.statusCode()).isEqualTo(403);
        assertThat(foreignKey.headers().firstValue("x-amzn-ErrorType")).hasValue("UnrecognizedClientException");
        assertThat(foreignKey.body()).contains("The security token included in the request is invalid.");

        HttpResponse<String> expired = send(sign(keys[0], keys[1], now.minus(Duration.ofMinutes(20)), "us-east-1"));
        assertThat(expired.statusCode()).isEqualTo(403);
        assertThat(expired.headers().firstValue("x-amzn-ErrorType")).hasValue("InvalidSignatureException");
        assertThat(expired.body()).contains("Signature expired:");

        HttpResponse<String> withinSkew = send(sign(keys[0], keys[1], now.minus(Duration.ofMinutes(10)), "us-east-1"));
        assertThat(withinSkew.statusCode()).isEqualTo(200);

        HttpResponse<String> otherRegion = send(sign(keys[0], keys[1], now, "eu-west-1"));
        assertThat(otherRegion.statusCode()).isEqualTo(403);
        assertThat(otherRegion.body()).contains("Credential should be scoped to a valid region.");
    }

    private static HttpRequest sign(String key, String secret, Instant at, String region) {
        URI uri = turnpike.adminEndpoint().resolve("/restapis");
        var signed = AwsV4HttpSigner.create().sign(r -> r.identity(AwsBasicCredentials.create(key, secret))
                .request(SdkHttpFullRequest.builder()
                        .method(SdkHttpMethod.GET)
                        .uri(uri)
                        .build())
                .payload(ContentStreamProvider.fromByteArray(new byte[0]))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "apigateway")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)));
        HttpRequest.Builder b = HttpRequest.newBuilder(uri);
        signed.request().headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host")) {
                values.forEach(v -> b.header(name, v));
            }
        });
        return b.build();
    }

    @Test
    void environmentCredentialsReplaceGeneratedOnes(@TempDir Path other) throws Exception {
        Map<String, String> env = TurnpikeProcess.env(
                "TURNPIKE_ACCESS_KEY_ID", "AKIDFROMENVIRONMENT0", "TURNPIKE_SECRET_ACCESS_KEY", "secret-from-env");
        try (TurnpikeProcess p = TurnpikeProcess.start(other, env, List.of());
                ApiGatewayClient client = p.client()) {
            assertThat(client.createRestApi(r -> r.name("env")).name()).isEqualTo("env");
            assertThat(Files.exists(other.resolve("credentials"))).isFalse();
            assertThat(p.output()).doesNotContain("secret-from-env");
        }
    }

    @Test
    void flagsComeFromTurnpikeEnvironmentVariables(@TempDir Path other) throws Exception {
        int port = TurnpikeProcess.freePort();
        int adminPort = TurnpikeProcess.freePort();
        Map<String, String> env = TurnpikeProcess.env(
                "TURNPIKE_REGION", "eu-west-1",
                "TURNPIKE_ACCOUNT_ID", "111122223333",
                "TURNPIKE_DOMAIN", "gw.example.test");
        try (TurnpikeProcess p = TurnpikeProcess.start(other, env, List.of())) {
            assertThat(p.output())
                    .contains("region eu-west-1, account 111122223333")
                    .contains("execute-api.gw.example.test:");
        }
        assertThat(port).isNotEqualTo(adminPort);
    }

    @Test
    void logLinesHaveOneFormatAndTheLevelComesFromTurnpikeLogLevel(@TempDir Path other) throws Exception {
        // the default level: the ready line, in the documented format
        assertThat(turnpike.output().lines().filter(l -> l.contains("turnpike ready")))
                .singleElement()
                .satisfies(l -> assertThat(l)
                        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) INFO  "
                                + "turnpike turnpike ready dataPlane=\"\\d+\" admin=\".+\" dataDir=\".+\" "
                                + "revision=\"\\d+\" startMs=\"\\d+\""));
        try (TurnpikeProcess quiet = TurnpikeProcess.start(
                        other.resolve("warn"), TurnpikeProcess.env("TURNPIKE_LOG_LEVEL", "warn"), List.of());
                ApiGatewayClient client = quiet.client()) {
            client.getRestApis();
            Thread.sleep(200);
            assertThat(quiet.output()).contains("Turnpike is serving").doesNotContain(" INFO ");
        }
        try (TurnpikeProcess loud = TurnpikeProcess.start(
                other.resolve("loud"), TurnpikeProcess.env("TURNPIKE_LOG_LEVEL", "loud"), List.of())) {
            assertThat(loud.output())
                    .contains("TURNPIKE_LOG_LEVEL=loud is not a level (expected: one of TRACE, DEBUG, INFO, WARN, "
                            + "ERROR, OFF); logging at INFO")
                    .contains(" INFO  turnpike turnpike ready");
        }
    }

    @Test
    void aBusyPortIsAClearErrorNotAStackTrace(@TempDir Path other) throws Exception {
        try (TurnpikeProcess p = TurnpikeProcess.launch(other, turnpike.port, TurnpikeProcess.freePort(), Map.of())) {
            assertThat(p.awaitExit()).isEqualTo(1);
            assertThat(p.output()).contains("turnpike: cannot").doesNotContain("\tat ");
        }
    }

    @Test
    void badFlagsAreUsageErrors(@TempDir Path other) throws Exception {
        try (TurnpikeProcess p = TurnpikeProcess.launch(
                other, TurnpikeProcess.freePort(), TurnpikeProcess.freePort(), Map.of("TURNPIKE_ACCOUNT_ID", "12"))) {
            assertThat(p.awaitExit()).isEqualTo(2);
            assertThat(p.output())
                    .contains("--account-id: 12 (expected: 12 digits)")
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void sigtermStopsCleanly(@TempDir Path other) throws Exception {
        TurnpikeProcess p = TurnpikeProcess.start(other);
        p.stop();
        assertThat(p.output()).contains("turnpike stopping").contains("turnpike stopped");
    }
}
