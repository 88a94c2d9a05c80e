package io.turnpike.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.IntegrationType;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * {@code --lambda-endpoint}: an API on one Turnpike process fronts functions that live on another
 * Turnpike process, reached through Lambda's Invoke API and SigV4-signed with the AWS credentials of the
 * environment, as it would front real AWS Lambda. Functions defined locally still run locally.
 */
class RemoteLambdaIT {

    static final String REMOTE_KEY = "AKIAREMOTELAMBDA0001";
    static final String REMOTE_SECRET = "remote-secret-key-for-the-lambda-endpoint";

    @TempDir
    static Path remoteDir;

    @TempDir
    static Path localDir;

    static TurnpikeProcess remote;
    static TurnpikeProcess local;
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        remote = TurnpikeProcess.start(
                remoteDir,
                TurnpikeProcess.env("TURNPIKE_ACCESS_KEY_ID", REMOTE_KEY, "TURNPIKE_SECRET_ACCESS_KEY", REMOTE_SECRET),
                List.of());
        local = TurnpikeProcess.start(
                localDir,
                TurnpikeProcess.env("AWS_ACCESS_KEY_ID", REMOTE_KEY, "AWS_SECRET_ACCESS_KEY", REMOTE_SECRET),
                List.of("--lambda-endpoint", remote.adminEndpoint().toString()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (local != null) {
            local.close();
        }
        if (remote != null) {
            remote.close();
        }
    }

    static LambdaClient lambda(TurnpikeProcess p) throws Exception {
        String[] c = p.credentials();
        return LambdaClient.builder()
                .endpointOverride(p.adminEndpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(c[0], c[1])))
                .httpClient(ApacheHttpClient.builder().build())
                .build();
    }

    static SdkBytes nodeZip(String answer) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("index.js"));
            zip.write(("exports.handler = async (event) => ({statusCode: 200, body: JSON.stringify({from: '" + answer
                            + "', path: event.path, fn: process.env.AWS_LAMBDA_FUNCTION_NAME})});")
                    .getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return SdkBytes.fromByteArray(bytes.toByteArray());
    }

    static void createFunction(TurnpikeProcess p, String name, String answer) throws Exception {
        try (LambdaClient lambda = lambda(p)) {
            lambda.createFunction(r -> {
                try {
                    r.functionName(name)
                            .runtime(Runtime.NODEJS20_X)
                            .handler("index.handler")
                            .role("arn:aws:iam::000000000000:role/lambda")
                            .code(c -> {
                                try {
                                    c.zipFile(nodeZip(answer));
                                } catch (Exception e) {
                                    throw new IllegalStateException(e);
                                }
                            });
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    static void proxyTo(ApiGatewayClient api, String apiId, String root, String part, String function) {
        String res = api.createResource(r -> r.restApiId(apiId).parentId(root).pathPart(part))
                .id();
        api.putMethod(r -> r.restApiId(apiId).resourceId(res).httpMethod("GET").authorizationType("NONE"));
        api.putIntegration(r -> r.restApiId(apiId)
                .resourceId(res)
                .httpMethod("GET")
                .type(IntegrationType.AWS_PROXY)
                .integrationHttpMethod("POST")
                .uri("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:"
                        + "000000000000:function:" + function + "/invocations"));
    }

    static HttpResponse<String> get(String apiId, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(local.dataEndpoint() + "/restapis/" + apiId + "/prod/_user_request_" + path))
                .timeout(Duration.ofSeconds(30))
                .build();
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

    @Test
    void functionsNotDefinedLocallyRunOnTheRemoteEndpoint() throws Exception {
        createFunction(remote, "far", "remote");
        createFunction(local, "near", "local");
        try (ApiGatewayClient api = local.client()) {
            String apiId = api.createRestApi(r -> r.name("fronts-remote")).id();
            String root =
                    api.getResources(r -> r.restApiId(apiId)).items().get(0).id();
            proxyTo(api, apiId, root, "far", "far");
            proxyTo(api, apiId, root, "near", "near");
            proxyTo(api, apiId, root, "nowhere", "nowhere");
            api.createDeployment(r -> r.restApiId(apiId).stageName("prod"));

            HttpResponse<String> far = get(apiId, "/far");
            assertThat(far.statusCode()).as(far.body()).isEqualTo(200);
            JsonNode farBody = JSON.readTree(far.body());
            assertThat(farBody.path("from").asText()).isEqualTo("remote");
            assertThat(farBody.path("fn").asText()).isEqualTo("far");
            assertThat(farBody.path("path").asText()).isEqualTo("/far");

            HttpResponse<String> near = get(apiId, "/near");
            assertThat(near.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(near.body()).path("from").asText()).isEqualTo("local");

            // defined nowhere: the remote answers 404 ResourceNotFoundException, the gateway 500
            HttpResponse<String> nowhere = get(apiId, "/nowhere");
            assertThat(nowhere.statusCode()).isEqualTo(500);
            assertThat(JSON.readTree(nowhere.body()).path("message").asText()).isEqualTo("Internal server error");
        }
    }
}
