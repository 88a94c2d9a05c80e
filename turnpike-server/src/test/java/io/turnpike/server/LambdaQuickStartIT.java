package io.turnpike.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Lambda walk-through, run as a user runs it: the real AWS CLI creates a node and a python
 * function from zips, wires each to a method with an {@code AWS_PROXY} integration, deploys, and a real
 * HTTP client calls the API. The functions run as real child processes of the real jar.
 */
class LambdaQuickStartIT {

    @TempDir
    static Path dataDir;

    @TempDir
    static Path work;

    static TurnpikeProcess turnpike;
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(AwsCliIT.awsCliInstalled(), "the AWS CLI (aws) is not installed");
        turnpike = TurnpikeProcess.start(dataDir);
    }

    @AfterAll
    static void stop() throws Exception {
        if (turnpike != null) {
            turnpike.close();
        }
    }

    static JsonNode ok(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(
                List.of("aws", "--endpoint-url", turnpike.adminEndpoint().toString(), "--output", "json"));
        cmd.addAll(List.of(args));
        String[] keys = turnpike.credentials();
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile());
        pb.environment().put("AWS_ACCESS_KEY_ID", keys[0]);
        pb.environment().put("AWS_SECRET_ACCESS_KEY", keys[1]);
        pb.environment().put("AWS_DEFAULT_REGION", "us-east-1");
        pb.environment().put("AWS_CONFIG_FILE", "/dev/null");
        pb.environment().put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        pb.environment().put("AWS_PAGER", "");
        Path out = Files.createTempFile(work, "aws", ".out");
        Path err = Files.createTempFile(work, "aws", ".err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue())
                .as("aws %s failed: %s", String.join(" ", args), Files.readString(err))
                .isZero();
        return stdout.isBlank() ? JSON.nullNode() : JSON.readTree(stdout);
    }

    static Path zip(String name, Map<String, String> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, String> f : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(f.getKey()));
                zip.write(f.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        Path file = work.resolve(name);
        Files.write(file, bytes.toByteArray());
        return file;
    }

    static final String NODE =
            """
            let calls = 0;
            exports.handler = async (event, context) => {
              calls++;
              console.log("hello from node", event.path);
              return {
                statusCode: 200,
                headers: {"content-type": "application/json", "x-runtime": "node"},
                body: JSON.stringify({
                  path: event.path,
                  method: event.httpMethod,
                  name: event.queryStringParameters && event.queryStringParameters.name,
                  stage: event.requestContext.stage,
                  requestId: context.awsRequestId,
                  calls
                })
              };
            };
            """;

    static final String PYTHON =
            """
            import json

            def lambda_handler(event, context):
                print("hello from python", event["path"])
                return {
                    "statusCode": 201,
                    "headers": {"content-type": "application/json", "x-runtime": "python"},
                    "body": json.dumps({"path": event["path"], "body": event["body"]}),
                }
            """;

    @Test
    void aNodeAndAPythonFunctionAnswerThroughTheGateway() throws Exception {
        zip("node.zip", Map.of("index.js", NODE));
        zip("python.zip", Map.of("app.py", PYTHON));
        String role = "arn:aws:iam::000000000000:role/lambda-role";
        JsonNode node = ok(
                "lambda",
                "create-function",
                "--function-name",
                "hello-node",
                "--runtime",
                "nodejs20.x",
                "--handler",
                "index.handler",
                "--role",
                role,
                "--zip-file",
                "fileb://node.zip");
        assertThat(node.path("FunctionArn").asText())
                .isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:hello-node");
        ok(
                "lambda",
                "create-function",
                "--function-name",
                "hello-python",
                "--runtime",
                "python3.11",
                "--handler",
                "app.lambda_handler",
                "--role",
                role,
                "--zip-file",
                "fileb://python.zip");
        ok("lambda", "wait", "function-active-v2", "--function-name", "hello-node");

        JsonNode direct = ok(
                "lambda",
                "invoke",
                "--function-name",
                "hello-node",
                "--log-type",
                "Tail",
                "--payload",
                "{\"path\":\"/direct\",\"httpMethod\":\"GET\",\"requestContext\":{\"stage\":\"x\"}}",
                "out.json");
        assertThat(direct.path("StatusCode").asInt()).isEqualTo(200);
        assertThat(new String(
                        Base64.getDecoder().decode(direct.path("LogResult").asText()), StandardCharsets.UTF_8))
                .contains("hello from node /direct");
        assertThat(JSON.readTree(work.resolve("out.json").toFile())
                        .path("statusCode")
                        .asInt())
                .isEqualTo(200);

        String api = ok("apigateway", "create-rest-api", "--name", "functions")
                .path("id")
                .asText();
        String root = ok("apigateway", "get-resources", "--rest-api-id", api)
                .path("items")
                .get(0)
                .path("id")
                .asText();
        wire(api, root, "node", "hello-node");
        wire(api, root, "python", "hello-python");
        ok("apigateway", "create-deployment", "--rest-api-id", api, "--stage-name", "prod");

        HttpResponse<String> first = await(HttpRequest.newBuilder(
                        URI.create(turnpike.dataEndpoint() + "/restapis/" + api + "/prod/_user_request_/node?name=ada"))
                .build());
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("x-runtime")).hasValue("node");
        JsonNode body = JSON.readTree(first.body());
        assertThat(body.path("path").asText()).isEqualTo("/node");
        assertThat(body.path("method").asText()).isEqualTo("GET");
        assertThat(body.path("name").asText()).isEqualTo("ada");
        assertThat(body.path("stage").asText()).isEqualTo("prod");

        // warm: the same instance answers again (its module-level counter moved on)
        HttpResponse<String> second = HTTP.send(
                HttpRequest.newBuilder(
                                URI.create(turnpike.dataEndpoint() + "/restapis/" + api + "/prod/_user_request_/node"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(JSON.readTree(second.body()).path("calls").asInt())
                .isGreaterThan(body.path("calls").asInt());

        HttpResponse<String> py = HTTP.send(
                HttpRequest.newBuilder(URI.create(
                                turnpike.dataEndpoint() + "/restapis/" + api + "/prod/_user_request_/python"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"pet\":\"cat\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(py.statusCode()).isEqualTo(201);
        assertThat(py.headers().firstValue("x-runtime")).hasValue("python");
        assertThat(JSON.readTree(py.body()).path("body").asText()).isEqualTo("{\"pet\":\"cat\"}");

        Path log = dataDir.resolve("functions/logs/hello-python.log");
        assertThat(Files.readString(log)).contains("hello from python /python");
    }

    static void wire(String api, String root, String path, String function) throws Exception {
        String resource = ok(
                        "apigateway", "create-resource", "--rest-api-id", api, "--parent-id", root, "--path-part", path)
                .path("id")
                .asText();
        ok(
                "apigateway",
                "put-method",
                "--rest-api-id",
                api,
                "--resource-id",
                resource,
                "--http-method",
                "ANY",
                "--authorization-type",
                "NONE");
        ok(
                "apigateway",
                "put-integration",
                "--rest-api-id",
                api,
                "--resource-id",
                resource,
                "--http-method",
                "ANY",
                "--type",
                "AWS_PROXY",
                "--integration-http-method",
                "POST",
                "--uri",
                "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:"
                        + "000000000000:function:" + function + "/invocations");
    }

    static HttpResponse<String> await(HttpRequest request) throws Exception {
        HttpResponse<String> answer = null;
        for (int i = 0; i < 200; i++) {
            answer = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 403) { // 403 until the deployment is served
                return answer;
            }
            Thread.sleep(25);
        }
        return answer;
    }
}
