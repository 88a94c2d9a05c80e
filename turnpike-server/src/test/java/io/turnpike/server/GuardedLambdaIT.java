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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.awaitility.Awaitility;
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
import software.amazon.awssdk.services.apigateway.model.ApiStage;
import software.amazon.awssdk.services.apigateway.model.AuthorizerType;
import software.amazon.awssdk.services.apigateway.model.IntegrationType;
import software.amazon.awssdk.services.apigateway.model.Op;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * The whole access chain on the real jar with real functions: a node TOKEN authorizer (a child process of
 * the server) decides, an API key in a usage plan is required, and a python function behind {@code
 * AWS_PROXY} sees the authorizer's principal and context and the caller's API key in its event. Also an
 * {@code Event} invocation through the Lambda API, which runs in the background on the same host.
 */
class GuardedLambdaIT {

    static final String ACCOUNT = "000000000000";

    @TempDir
    static Path dataDir;

    static TurnpikeProcess turnpike;
    static ApiGatewayClient api;
    static LambdaClient lambda;
    static String apiId;
    static String meteredId;
    static String keyValue;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    static final String AUTHORIZER =
            """
            exports.handler = async (event) => {
              console.log("authorizing", event.type, event.methodArn);
              const token = event.authorizationToken;
              const effect = token === "allow" || token.startsWith("key:") ? "Allow"
                  : token === "deny" ? "Deny" : null;
              if (effect === null) { throw new Error("Unauthorized"); }
              const answer = {
                principalId: "user-42",
                policyDocument: {Version: "2012-10-17", Statement: [
                  {Action: "execute-api:Invoke", Effect: effect, Resource: event.methodArn}]},
                context: {tier: "gold", count: 3}
              };
              // apiKeySource AUTHORIZER: the authorizer names the caller's API key
              if (token.startsWith("key:")) { answer.usageIdentifierKey = token.substring(4); }
              return answer;
            };
            """;

    static final String BACKEND =
            """
            import json

            def handler(event, context):
                rc = event["requestContext"]
                return {"statusCode": 200, "body": json.dumps({
                    "principal": rc["authorizer"]["principalId"],
                    "tier": rc["authorizer"]["tier"],
                    "apiKey": rc["identity"]["apiKey"],
                    "path": event["path"]})}
            """;

    static final String EVENTS =
            """
            exports.handler = async (event) => { console.log("queued event", event.n); return "done"; };
            """;

    static SdkBytes zip(String file, String source) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(file));
            zip.write(source.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return SdkBytes.fromByteArray(bytes.toByteArray());
    }

    static void function(String name, Runtime runtime, String handler, String file, String source) throws Exception {
        SdkBytes code = zip(file, source);
        lambda.createFunction(r -> r.functionName(name)
                .runtime(runtime)
                .handler(handler)
                .role("arn:aws:iam::" + ACCOUNT + ":role/lambda")
                .code(c -> c.zipFile(code)));
    }

    static String invocationUri(String function) {
        return "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:" + ACCOUNT
                + ":function:" + function + "/invocations";
    }

    @BeforeAll
    static void start() throws Exception {
        turnpike = TurnpikeProcess.start(dataDir, Map.of(), List.of());
        api = turnpike.client();
        String[] c = turnpike.credentials();
        lambda = LambdaClient.builder()
                .endpointOverride(turnpike.adminEndpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(c[0], c[1])))
                .httpClient(ApacheHttpClient.builder().build())
                .build();
        function("gatekeeper", Runtime.NODEJS20_X, "index.handler", "index.js", AUTHORIZER);
        function("backend", Runtime.PYTHON3_11, "app.handler", "app.py", BACKEND);
        function("events", Runtime.NODEJS20_X, "index.handler", "index.js", EVENTS);

        apiId = api.createRestApi(r -> r.name("guarded")).id();
        String root = api.getResources(r -> r.restApiId(apiId)).items().get(0).id();
        String res = api.createResource(r -> r.restApiId(apiId).parentId(root).pathPart("orders"))
                .id();
        String authorizerId = api.createAuthorizer(r -> r.restApiId(apiId)
                        .name("gatekeeper")
                        .type(AuthorizerType.TOKEN)
                        .authorizerUri(invocationUri("gatekeeper"))
                        .identitySource("method.request.header.Authorization")
                        .authorizerResultTtlInSeconds(300))
                .id();
        api.putMethod(r -> r.restApiId(apiId)
                .resourceId(res)
                .httpMethod("GET")
                .authorizationType("CUSTOM")
                .authorizerId(authorizerId)
                .apiKeyRequired(true));
        api.putIntegration(r -> r.restApiId(apiId)
                .resourceId(res)
                .httpMethod("GET")
                .type(IntegrationType.AWS_PROXY)
                .integrationHttpMethod("POST")
                .uri(invocationUri("backend")));
        api.createDeployment(r -> r.restApiId(apiId).stageName("prod"));

        var key = api.createApiKey(r -> r.name("customer").enabled(true));
        keyValue = key.value();
        String plan = api.createUsagePlan(r -> r.name("gold")
                        .apiStages(ApiStage.builder().apiId(apiId).stage("prod").build()))
                .id();
        api.createUsagePlanKey(r -> r.usagePlanId(plan).keyId(key.id()).keyType("API_KEY"));

        // the same, metered by the key the authorizer names (apiKeySource AUTHORIZER)
        meteredId = api.createRestApi(r -> r.name("metered").apiKeySource("AUTHORIZER"))
                .id();
        String meteredRoot =
                api.getResources(r -> r.restApiId(meteredId)).items().get(0).id();
        String meteredAuthorizer = api.createAuthorizer(r -> r.restApiId(meteredId)
                        .name("gatekeeper")
                        .type(AuthorizerType.TOKEN)
                        .authorizerUri(invocationUri("gatekeeper"))
                        .identitySource("method.request.header.Authorization")
                        .authorizerResultTtlInSeconds(0))
                .id();
        api.putMethod(r -> r.restApiId(meteredId)
                .resourceId(meteredRoot)
                .httpMethod("GET")
                .authorizationType("CUSTOM")
                .authorizerId(meteredAuthorizer)
                .apiKeyRequired(true));
        api.putIntegration(r -> r.restApiId(meteredId)
                .resourceId(meteredRoot)
                .httpMethod("GET")
                .type(IntegrationType.AWS_PROXY)
                .integrationHttpMethod("POST")
                .uri(invocationUri("backend")));
        api.createDeployment(r -> r.restApiId(meteredId).stageName("prod"));
        api.updateUsagePlan(r -> r.usagePlanId(plan)
                .patchOperations(p -> p.op(Op.ADD).path("/apiStages").value(meteredId + ":prod")));

        // the data plane follows the store: wait until the stages answer (401: no token yet)
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> get().statusCode() == 401);
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> send(meteredId, "/").statusCode() == 401);
    }

    @AfterAll
    static void stop() throws Exception {
        if (lambda != null) {
            lambda.close();
        }
        if (api != null) {
            api.close();
        }
        if (turnpike != null) {
            turnpike.close();
        }
    }

    static HttpResponse<String> get(String... headers) throws Exception {
        return send(apiId, "/orders", headers);
    }

    static HttpResponse<String> send(String api, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(
                        URI.create(turnpike.dataEndpoint() + "/restapis/" + api + "/prod/_user_request_" + path))
                .timeout(Duration.ofSeconds(30));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anAllowedCallerWithAKeyReachesTheFunctionWithItsIdentity() throws Exception {
        HttpResponse<String> r = get("Authorization", "allow", "x-api-key", keyValue);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("principal").asText()).isEqualTo("user-42");
        assertThat(body.path("tier").asText()).isEqualTo("gold");
        assertThat(body.path("apiKey").asText()).isEqualTo(keyValue);
        assertThat(body.path("path").asText()).isEqualTo("/orders");
    }

    @Test
    void theAuthorizerDecidesBeforeTheKeyIsChecked() throws Exception {
        HttpResponse<String> noToken = get("x-api-key", keyValue);
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(noToken.headers().firstValue("x-amzn-ErrorType")).hasValue("UnauthorizedException");

        HttpResponse<String> unauthorized = get("Authorization", "nobody", "x-api-key", keyValue);
        assertThat(unauthorized.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(unauthorized.body()).path("message").asText()).isEqualTo("Unauthorized");

        HttpResponse<String> denied = get("Authorization", "deny", "x-api-key", keyValue);
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(denied.body())
                .isEqualTo("{\"message\":\"User is not authorized to access this resource with an explicit deny\"}");
        assertThat(denied.headers().firstValue("x-amzn-ErrorType")).hasValue("AccessDeniedException");
    }

    @Test
    void anAllowedCallerWithoutAValidKeyIsForbidden() throws Exception {
        HttpResponse<String> missing = get("Authorization", "allow");
        assertThat(missing.statusCode()).isEqualTo(403);
        assertThat(missing.body()).isEqualTo("{\"message\":\"Forbidden\"}");

        HttpResponse<String> wrong = get("Authorization", "allow", "x-api-key", "not-a-key-of-this-gateway-00000");
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(wrong.body()).isEqualTo("{\"message\":\"Forbidden\"}");
    }

    @Test
    void withApiKeySourceAuthorizerTheAuthorizerNamesTheKey() throws Exception {
        HttpResponse<String> ok = send(meteredId, "/", "Authorization", "key:" + keyValue);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(JSON.readTree(ok.body()).path("apiKey").asText()).isEqualTo(keyValue);

        // an x-api-key header does not count here: only the authorizer's usageIdentifierKey does
        HttpResponse<String> header = send(meteredId, "/", "Authorization", "allow", "x-api-key", keyValue);
        assertThat(header.statusCode()).isEqualTo(403);
        assertThat(header.body()).isEqualTo("{\"message\":\"Forbidden\"}");

        HttpResponse<String> unknown = send(meteredId, "/", "Authorization", "key:unknown-key-value-00000000000");
        assertThat(unknown.statusCode()).isEqualTo(403);
        assertThat(unknown.body()).isEqualTo("{\"message\":\"Forbidden\"}");
    }

    @Test
    void eventInvocationsRunInTheBackground() throws Exception {
        var accepted = lambda.invoke(r -> r.functionName("events")
                .invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String("{\"n\": 7}")));
        assertThat(accepted.statusCode()).isEqualTo(202);
        Path log = dataDir.resolve("functions/logs/events.log");
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> Files.exists(log) && Files.readString(log).contains("queued event 7"));
    }
}
