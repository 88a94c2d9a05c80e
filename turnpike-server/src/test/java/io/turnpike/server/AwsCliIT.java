package io.turnpike.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's quick start, run with the real AWS CLI against a real process: the CLI is the client
 * most users start with, and it signs, serializes and parses with botocore, not the Java SDK. Runs where
 * the {@code aws} command is installed (it is on the project's machine image and in CI).
 */
class AwsCliIT {

    @TempDir
    static Path dataDir;

    static TurnpikeProcess turnpike;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(awsCliInstalled(), "the AWS CLI (aws) is not installed");
        turnpike = TurnpikeProcess.start(dataDir);
    }

    @AfterAll
    static void stop() throws Exception {
        if (turnpike != null) {
            turnpike.close();
        }
    }

    static boolean awsCliInstalled() {
        try {
            return new ProcessBuilder("aws", "--version")
                    .redirectErrorStream(true)
                    .start()
                    .waitFor(60, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    record Result(int exit, String out, String err) {
        JsonNode json() throws IOException {
            return JSON.readTree(out);
        }
    }

    static Result aws(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(
                List.of("aws", "--endpoint-url", turnpike.adminEndpoint().toString(), "--output", "json"));
        cmd.addAll(List.of(args));
        String[] keys = turnpike.credentials();
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("AWS_ACCESS_KEY_ID", keys[0]);
        pb.environment().put("AWS_SECRET_ACCESS_KEY", keys[1]);
        pb.environment().put("AWS_DEFAULT_REGION", "us-east-1");
        pb.environment().put("AWS_CONFIG_FILE", "/dev/null");
        pb.environment().put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        pb.environment().put("AWS_PAGER", "");
        Path out = Files.createTempFile(dataDir, "aws", ".out");
        Path err = Files.createTempFile(dataDir, "aws", ".err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    static JsonNode ok(String... args) throws Exception {
        Result r = aws(args);
        assertThat(r.exit())
                .as("aws %s failed: %s", String.join(" ", args), r.err())
                .isZero();
        return r.out().isBlank() ? JSON.nullNode() : r.json();
    }

    @Test
    void theQuickStartWorksWithTheAwsCli() throws Exception {
        JsonNode api = ok("apigateway", "create-rest-api", "--name", "demo");
        String apiId = api.path("id").asText();
        assertThat(apiId).matches("[a-z0-9]{10}");

        JsonNode apis = ok("apigateway", "get-rest-apis");
        assertThat(apis.path("items").findValuesAsText("id")).contains(apiId);

        JsonNode resources = ok("apigateway", "get-resources", "--rest-api-id", apiId);
        String rootId = resources.path("items").get(0).path("id").asText();
        assertThat(resources.path("items").get(0).path("path").asText()).isEqualTo("/");

        JsonNode pets = ok(
                "apigateway", "create-resource", "--rest-api-id", apiId, "--parent-id", rootId, "--path-part", "pets");
        String petsId = pets.path("id").asText();
        assertThat(pets.path("path").asText()).isEqualTo("/pets");

        ok(
                "apigateway",
                "put-method",
                "--rest-api-id",
                apiId,
                "--resource-id",
                petsId,
                "--http-method",
                "GET",
                "--authorization-type",
                "NONE");
        JsonNode integration = ok(
                "apigateway",
                "put-integration",
                "--rest-api-id",
                apiId,
                "--resource-id",
                petsId,
                "--http-method",
                "GET",
                "--type",
                "MOCK",
                "--request-templates",
                "{\"application/json\":\"{\\\"statusCode\\\": 200}\"}");
        assertThat(integration.path("type").asText()).isEqualTo("MOCK");
        assertThat(integration.path("passthroughBehavior").asText()).isEqualTo("WHEN_NO_MATCH");

        ok(
                "apigateway",
                "put-method-response",
                "--rest-api-id",
                apiId,
                "--resource-id",
                petsId,
                "--http-method",
                "GET",
                "--status-code",
                "200");
        ok(
                "apigateway",
                "put-integration-response",
                "--rest-api-id",
                apiId,
                "--resource-id",
                petsId,
                "--http-method",
                "GET",
                "--status-code",
                "200",
                "--response-templates",
                "{\"application/json\":\"[{\\\"id\\\": 1}]\"}");

        JsonNode deployment = ok("apigateway", "create-deployment", "--rest-api-id", apiId, "--stage-name", "prod");
        String deploymentId = deployment.path("id").asText();
        JsonNode stage = ok("apigateway", "get-stage", "--rest-api-id", apiId, "--stage-name", "prod");
        assertThat(stage.path("deploymentId").asText()).isEqualTo(deploymentId);

        // the deployed API answers on the data plane, at the path-style invoke URL of the README
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpRequest invoke = java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        turnpike.dataEndpoint() + "/restapis/" + apiId + "/prod/_user_request_/pets"))
                .build();
        java.net.http.HttpResponse<String> answer = null;
        for (int i = 0; i < 100; i++) {
            answer = http.send(invoke, java.net.http.HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 200) {
                break;
            }
            Thread.sleep(20);
        }
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("[{\"id\": 1}]");

        ok(
                "apigateway",
                "create-stage",
                "--rest-api-id",
                apiId,
                "--stage-name",
                "dev",
                "--deployment-id",
                deploymentId,
                "--variables",
                "backend=dev.example.com");
        JsonNode updated = ok(
                "apigateway",
                "update-stage",
                "--rest-api-id",
                apiId,
                "--stage-name",
                "dev",
                "--patch-operations",
                "op=replace,path=/variables/backend,value=dev2.example.com",
                "op=replace,path=/*/*/throttling/rateLimit,value=50");
        assertThat(updated.path("variables").path("backend").asText()).isEqualTo("dev2.example.com");
        assertThat(updated.path("methodSettings")
                        .path("*/*")
                        .path("throttlingRateLimit")
                        .asDouble())
                .isEqualTo(50.0);
    }

    @Test
    void errorsReachTheCliWithAwsCodes() throws Exception {
        Result missing = aws("apigateway", "get-rest-api", "--rest-api-id", "doesnotexi");
        assertThat(missing.exit()).isNotZero();
        assertThat(missing.err())
                .contains("NotFoundException")
                .contains("Invalid API identifier specified 000000000000:doesnotexi");
    }
}
