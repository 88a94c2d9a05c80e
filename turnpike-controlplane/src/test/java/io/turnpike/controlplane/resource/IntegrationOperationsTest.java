package io.turnpike.controlplane.resource;

import static io.turnpike.controlplane.resource.AwsErrors.badRequest;
import static io.turnpike.controlplane.resource.AwsErrors.fails;
import static io.turnpike.controlplane.resource.AwsErrors.notFound;
import static org.assertj.core.api.Assertions.assertThat;

import io.turnpike.controlplane.AdminFixture;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.ConnectionType;
import software.amazon.awssdk.services.apigateway.model.ContentHandlingStrategy;
import software.amazon.awssdk.services.apigateway.model.IntegrationType;
import software.amazon.awssdk.services.apigateway.model.Op;
import software.amazon.awssdk.services.apigateway.model.PatchOperation;
import software.amazon.awssdk.services.apigateway.model.PutIntegrationRequest;
import software.amazon.awssdk.services.apigateway.model.PutIntegrationResponse;
import software.amazon.awssdk.services.apigateway.model.PutIntegrationResponseRequest;
import software.amazon.awssdk.services.apigateway.model.PutIntegrationResponseResponse;

class IntegrationOperationsTest {

    private static final String LAMBDA_URI = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
            + "arn:aws:lambda:us-east-1:123456789012:function:hello/invocations";
    private static final String MAPPING =
            "Invalid mapping expression specified: Validation Result: warnings : []," + " errors : [";

    static AdminFixture admin;
    static ApiGatewayClient client;

    @BeforeAll
    static void start() {
        admin = new AdminFixture();
        client = admin.client();
    }

    @AfterAll
    static void stop() {
        admin.close();
    }

    /** A fresh API with a GET method on its root; returns {apiId, rootResourceId}. */
    private static String[] apiWithGet(Map<String, Boolean> requestParameters) {
        var api = client.createRestApi(r -> r.name("integrations"));
        client.putMethod(r -> r.restApiId(api.id())
                .resourceId(api.rootResourceId())
                .httpMethod("GET")
                .authorizationType("NONE")
                .requestParameters(requestParameters));
        return new String[] {api.id(), api.rootResourceId()};
    }

    private static PutIntegrationResponse put(String[] api, Consumer<PutIntegrationRequest.Builder> how) {
        return client.putIntegration(r -> {
            r.restApiId(api[0]).resourceId(api[1]).httpMethod("GET");
            how.accept(r);
        });
    }

    private static PutIntegrationResponseResponse putResponse(
            String[] api, String status, Consumer<PutIntegrationResponseRequest.Builder> how) {
        return client.putIntegrationResponse(r -> {
            r.restApiId(api[0]).resourceId(api[1]).httpMethod("GET").statusCode(status);
            how.accept(r);
        });
    }

    private static PatchOperation op(Op op, String path, String value) {
        return PatchOperation.builder().op(op).path(path).value(value).build();
    }

    private static String rawIntegration(String[] api) {
        HttpResponse<String> raw =
                admin.signed("GET", "/restapis/" + api[0] + "/resources/" + api[1] + "/methods/GET/integration", null);
        assertThat(raw.statusCode()).isEqualTo(200);
        return raw.body();
    }

    @Test
    void mockIntegrationsGetAwsDefaults() {
        String[] api = apiWithGet(null);
        var created = put(api, r -> r.type(IntegrationType.MOCK)
                .requestTemplates(Map.of("application/json", "{\"statusCode\": 200}")));
        assertThat(created.sdkHttpResponse().statusCode()).isEqualTo(201);
        assertThat(created.type()).isEqualTo(IntegrationType.MOCK);
        assertThat(created.cacheKeyParameters()).isEmpty();
        assertThat(created.cacheNamespace()).isEqualTo(api[1]);
        assertThat(created.passthroughBehavior()).isEqualTo("WHEN_NO_MATCH");
        assertThat(created.timeoutInMillis()).isEqualTo(29000);
        assertThat(created.connectionType()).isNull();
        assertThat(created.httpMethod()).isNull();
        assertThat(rawIntegration(api))
                .isEqualTo(
                        "{\"type\":\"MOCK\",\"requestTemplates\":{\"application/json\":\"{\\\"statusCode\\\": 200}\"},"
                                + "\"passthroughBehavior\":\"WHEN_NO_MATCH\",\"timeoutInMillis\":29000,\"cacheNamespace\":\""
                                + api[1] + "\",\"cacheKeyParameters\":[]}");

        var method =
                client.getMethod(r -> r.restApiId(api[0]).resourceId(api[1]).httpMethod("GET"));
        assertThat(method.methodIntegration().type()).isEqualTo(IntegrationType.MOCK);
    }

    @Test
    void httpIntegrationsAreStoredFaithfully() {
        String[] api = apiWithGet(Map.of("method.request.path.proxy", true, "method.request.header.X-Id", false));
        var created = put(api, r -> r.type(IntegrationType.HTTP_PROXY)
                .integrationHttpMethod("ANY")
                .uri("https://${stageVariables.host}/base/{proxy}")
                .requestParameters(Map.of(
                        "integration.request.path.proxy", "method.request.path.proxy",
                        "integration.request.header.X-Id", "method.request.header.X-Id",
                        "integration.request.header.X-Static", "'fixed'",
                        "integration.request.querystring.stage", "context.stage",
                        "integration.request.header.X-Env", "stageVariables.env"))
                .cacheKeyParameters("method.request.path.proxy")
                .cacheNamespace("shared")
                .timeoutInMillis(5000)
                .passthroughBehavior("NEVER")
                .contentHandling(ContentHandlingStrategy.CONVERT_TO_TEXT)
                .credentials("arn:aws:iam::123456789012:role/apigw")
                .tlsConfig(t -> t.insecureSkipVerification(true)));
        assertThat(created.connectionType()).isEqualTo(ConnectionType.INTERNET);
        assertThat(created.httpMethod()).isEqualTo("ANY");
        assertThat(created.uri()).isEqualTo("https://${stageVariables.host}/base/{proxy}");
        assertThat(created.requestParameters()).hasSize(5);
        assertThat(created.cacheKeyParameters()).containsExactly("method.request.path.proxy");
        assertThat(created.cacheNamespace()).isEqualTo("shared");
        assertThat(created.timeoutInMillis()).isEqualTo(5000);
        assertThat(created.passthroughBehavior()).isEqualTo("NEVER");
        assertThat(created.contentHandling()).isEqualTo(ContentHandlingStrategy.CONVERT_TO_TEXT);
        assertThat(created.credentials()).isEqualTo("arn:aws:iam::123456789012:role/apigw");
        assertThat(created.tlsConfig().insecureSkipVerification()).isTrue();

        var got = client.getIntegration(
                r -> r.restApiId(api[0]).resourceId(api[1]).httpMethod("GET"));
        assertThat(got.uri()).isEqualTo(created.uri());
        assertThat(got.requestParameters()).isEqualTo(created.requestParameters());
    }

    @Test
    void awsAndProxyIntegrationsTakeServiceArns() {
        String[] api = apiWithGet(null);
        var aws = put(
                api,
                r -> r.type(IntegrationType.AWS).integrationHttpMethod("POST").uri(LAMBDA_URI));
        assertThat(aws.type()).isEqualTo(IntegrationType.AWS);
        assertThat(aws.connectionType()).isNull();

        var sqs = put(api, r -> r.type(IntegrationType.AWS)
                .integrationHttpMethod("POST")
                .uri("arn:aws:apigateway:us-east-1:sqs:path/123456789012/queue"));
        assertThat(sqs.uri()).endsWith(":sqs:path/123456789012/queue");

        var lambdaProxy = put(api, r -> r.type(IntegrationType.AWS_PROXY)
                .integrationHttpMethod("POST")
                .uri(LAMBDA_URI));
        assertThat(lambdaProxy.type()).isEqualTo(IntegrationType.AWS_PROXY);
        var firehose = put(api, r -> r.type(IntegrationType.AWS_PROXY)
                .integrationHttpMethod("POST")
                .uri("arn:aws:apigateway:us-east-1:firehose:action/PutRecord"));
        assertThat(firehose.uri()).contains(":firehose:");
    }

    @Test
    void putIntegrationAnswersAwsValidationErrors() {
        String[] api = apiWithGet(Map.of("method.request.path.id", true));
        notFound(
                () -> client.putIntegration(r -> r.restApiId(api[0])
                        .resourceId(api[1])
                        .httpMethod("POST")
                        .type(IntegrationType.MOCK)),
                "Invalid Method identifier specified");
        notFound(
                () -> client.putIntegration(r -> r.restApiId(api[0])
                        .resourceId("badres")
                        .httpMethod("GET")
                        .type(IntegrationType.MOCK)),
                "Invalid Resource identifier specified");
        for (IntegrationType t : new IntegrationType[] {
            IntegrationType.HTTP, IntegrationType.HTTP_PROXY, IntegrationType.AWS, IntegrationType.AWS_PROXY
        }) {
            badRequest(
                    () -> put(api, r -> r.type(t).uri("https://example.com")),
                    "Enumeration value for HttpMethod must be non-empty");
        }
        for (String bad : new String[] {"not a url", "ftp://example.com/x", "https:///nohost", "/relative"}) {
            badRequest(
                    () -> put(api, r -> r.type(IntegrationType.HTTP)
                            .integrationHttpMethod("GET")
                            .uri(bad)),
                    "Invalid HTTP endpoint specified for URI");
        }
        badRequest(
                () -> put(api, r -> r.type(IntegrationType.HTTP).integrationHttpMethod("GET")),
                "Invalid HTTP endpoint specified for URI");
        badRequest(
                () -> put(api, r -> r.type(IntegrationType.AWS)
                        .integrationHttpMethod("POST")
                        .uri("hello")),
                "Invalid ARN specified in the request");
        badRequest(
                () -> put(api, r -> r.type(IntegrationType.AWS)
                        .integrationHttpMethod("POST")
                        .uri("arn:aws:apigateway:us-east-1:sqs:foo")),
                "AWS ARN for integration must contain path or action");
        badRequest(
                () -> put(api, r -> r.type(IntegrationType.AWS_PROXY)
                        .integrationHttpMethod("POST")
                        .uri("arn:aws:apigateway:us-west-2:s3:path/b/k")),
                "Integrations of type 'AWS_PROXY' currently only supports Lambda function and Firehose stream"
                        + " invocations.");
        for (int timeout : new int[] {49, 29001}) {
            badRequest(
                    () -> put(api, r -> r.type(IntegrationType.MOCK).timeoutInMillis(timeout)),
                    "Timeout should be between 50 ms and 29000 ms");
        }
        badRequest(
                () -> put(api, r -> r.type(IntegrationType.MOCK)
                        .requestParameters(Map.of("integration.request.path.id", "method.request.path.other"))),
                MAPPING + "Invalid mapping expression parameter specified: method.request.path.other]");
        badRequest(
                () -> put(api, r -> r.type(IntegrationType.MOCK)
                        .requestParameters(Map.of("request.path.id", "method.request.path.id"))),
                MAPPING + "Invalid mapping expression specified: request.path.id]");
        badRequest(
                () -> put(api, r -> r.type(IntegrationType.MOCK)
                        .requestParameters(Map.of("integration.request.path.id", "unquoted"))),
                MAPPING + "Invalid mapping expression specified: unquoted]");

        HttpResponse<String> badType = admin.signed(
                "PUT",
                "/restapis/" + api[0] + "/resources/" + api[1] + "/methods/GET/integration",
                "{\"type\":\"HTTPS_PROXY\"}");
        assertThat(badType.statusCode()).isEqualTo(400);
        assertThat(badType.headers().firstValue("x-amzn-ErrorType")).hasValue("ValidationException");

        notFound(
                () -> client.getIntegration(
                        r -> r.restApiId(api[0]).resourceId(api[1]).httpMethod("GET")),
                "Invalid Integration identifier specified");
    }

    @Test
    void putIntegrationReplacesAndDeleteRemoves() {
        String[] api = apiWithGet(null);
        put(api, r -> r.type(IntegrationType.MOCK));
        putResponse(api, "200", r -> r.selectionPattern(""));
        var replaced = put(
                api,
                r -> r.type(IntegrationType.HTTP).integrationHttpMethod("GET").uri("http://example.com"));
        assertThat(replaced.type()).isEqualTo(IntegrationType.HTTP);
        assertThat(replaced.hasIntegrationResponses()).isFalse();

        var deleted = client.deleteIntegration(
                r -> r.restApiId(api[0]).resourceId(api[1]).httpMethod("GET"));
        assertThat(deleted.sdkHttpResponse().statusCode()).isEqualTo(204);
        notFound(
                () -> client.getIntegration(
                        r -> r.restApiId(api[0]).resourceId(api[1]).httpMethod("GET")),
                "Invalid Integration identifier specified");
        notFound(
                () -> client.deleteIntegration(
                        r -> r.restApiId(api[0]).resourceId(api[1]).httpMethod("GET")),
                "Invalid Integration identifier specified");
        assertThat(client.getMethod(r -> r.restApiId(api[0]).resourceId(api[1]).httpMethod("GET"))
                        .methodIntegration())
                .isNull();
    }

    @Test
    void updatesAnIntegrationWithPatchOperations() {
        String[] api = apiWithGet(Map.of("method.request.path.id", true));
        put(api, r -> r.type(IntegrationType.HTTP).integrationHttpMethod("GET").uri("http://example.com/a"));

        var updated = client.updateIntegration(r -> r.restApiId(api[0])
                .resourceId(api[1])
                .httpMethod("GET")
                .patchOperations(
                        op(Op.REPLACE, "/uri", "https://example.com/b/{id}"),
                        op(Op.REPLACE, "/httpMethod", "POST"),
                        op(Op.REPLACE, "/timeoutInMillis", "1000"),
                        op(Op.ADD, "/requestTemplates/application~1json", null),
                        op(Op.ADD, "/requestTemplates/application~1xml", "<a/>"),
                        op(Op.ADD, "/cacheKeyParameters/method.request.path.id", null),
                        op(Op.ADD, "/requestParameters/integration.request.path.id", "method.request.path.id"),
                        op(Op.REPLACE, "/contentHandling", "CONVERT_TO_BINARY"),
                        op(Op.REPLACE, "/tlsConfig/insecureSkipVerification", "true")));
        assertThat(updated.uri()).isEqualTo("https://example.com/b/{id}");
        assertThat(updated.httpMethod()).isEqualTo("POST");
        assertThat(updated.timeoutInMillis()).isEqualTo(1000);
        assertThat(updated.requestTemplates())
                .containsOnly(Map.entry("application/json", ""), Map.entry("application/xml", "<a/>"));
        assertThat(updated.cacheKeyParameters()).containsExactly("method.request.path.id");
        assertThat(updated.requestParameters())
                .containsExactly(Map.entry("integration.request.path.id", "method.request.path.id"));
        assertThat(updated.contentHandling()).isEqualTo(ContentHandlingStrategy.CONVERT_TO_BINARY);
        assertThat(updated.tlsConfig().insecureSkipVerification()).isTrue();
        assertThat(updated.connectionType()).isEqualTo(ConnectionType.INTERNET);

        var trimmed = client.updateIntegration(r -> r.restApiId(api[0])
                .resourceId(api[1])
                .httpMethod("GET")
                .patchOperations(
                        op(Op.REMOVE, "/requestTemplates/application~1json", null),
                        op(Op.REMOVE, "/cacheKeyParameters/method.request.path.id", null),
                        op(Op.REMOVE, "/contentHandling", null)));
        assertThat(trimmed.requestTemplates()).containsOnlyKeys("application/xml");
        assertThat(trimmed.cacheKeyParameters()).isEmpty();
        assertThat(trimmed.contentHandling()).isNull();

        var toMock = client.updateIntegration(r -> r.restApiId(api[0])
                .resourceId(api[1])
                .httpMethod("GET")
                .patchOperations(op(Op.REPLACE, "/type", "MOCK")));
        assertThat(toMock.type()).isEqualTo(IntegrationType.MOCK);
    }

    @Test
    void rejectedIntegrationPatchesChangeNothing() {
        String[] api = apiWithGet(null);
        put(api, r -> r.type(IntegrationType.HTTP).integrationHttpMethod("GET").uri("http://example.com/a"));

        badRequest(
                () -> client.updateIntegration(r -> r.restApiId(api[0])
                        .resourceId(api[1])
                        .httpMethod("GET")
                        .patchOperations(
                                op(Op.REPLACE, "/uri", "http://example.com/b"),
                                op(Op.REPLACE, "/timeoutInMillis", "10"))),
                "Timeout should be between 50 ms and 29000 ms");
        badRequest(
                () -> client.updateIntegration(r -> r.restApiId(api[0])
                        .resourceId(api[1])
                        .httpMethod("GET")
                        .patchOperations(op(Op.REPLACE, "/uri", "nope"))),
                "Invalid HTTP endpoint specified for URI");
        assertThat(failingPatch(api, op(Op.REPLACE, "/nope", "x")))
                .startsWith(
                        "Invalid patch path  '/nope' specified for op 'replace'. Must be one of: [/type, /httpMethod,"
                                + " /uri, /credentials,");
        badRequest(
                () -> client.updateIntegration(r -> r.restApiId(api[0])
                        .resourceId(api[1])
                        .httpMethod("GET")
                        .patchOperations(op(
                                Op.ADD, "/requestParameters/integration.request.header.X", "method.request.header.X"))),
                MAPPING + "Invalid mapping expression parameter specified: method.request.header.X]");

        var unchanged = client.getIntegration(
                r -> r.restApiId(api[0]).resourceId(api[1]).httpMethod("GET"));
        assertThat(unchanged.uri()).isEqualTo("http://example.com/a");
        assertThat(unchanged.timeoutInMillis()).isEqualTo(29000);
        assertThat(unchanged.hasRequestParameters()).isFalse();
    }

    private static String failingPatch(String[] api, PatchOperation op) {
        try {
            client.updateIntegration(r ->
                    r.restApiId(api[0]).resourceId(api[1]).httpMethod("GET").patchOperations(op));
        } catch (software.amazon.awssdk.services.apigateway.model.BadRequestException e) {
            return e.awsErrorDetails().errorMessage();
        }
        throw new AssertionError("patch " + op + " was accepted");
    }

    @Test
    void integrationResponseLifecycle() {
        String[] api = apiWithGet(null);
        put(api, r -> r.type(IntegrationType.MOCK)
                .requestTemplates(Map.of("application/json", "{\"statusCode\": 200}")));

        var created = putResponse(
                api, "200", r -> r.selectionPattern("").responseTemplates(Map.of("application/json", "\"created\"")));
        assertThat(created.sdkHttpResponse().statusCode()).isEqualTo(201);
        assertThat(created.statusCode()).isEqualTo("200");
        assertThat(created.selectionPattern()).isEmpty();
        assertThat(created.responseTemplates()).containsExactly(Map.entry("application/json", "\"created\""));

        var got = client.getIntegrationResponse(
                r -> r.restApiId(api[0]).resourceId(api[1]).httpMethod("GET").statusCode("200"));
        assertThat(got.selectionPattern()).isEmpty();

        var updated = client.updateIntegrationResponse(r -> r.restApiId(api[0])
                .resourceId(api[1])
                .httpMethod("GET")
                .statusCode("200")
                .patchOperations(
                        op(Op.REPLACE, "/selectionPattern", "updated-pattern"),
                        op(Op.REPLACE, "/responseTemplates/application~1json", "replaced"),
                        op(Op.ADD, "/contentHandling", "CONVERT_TO_TEXT")));
        assertThat(updated.sdkHttpResponse().statusCode()).isEqualTo(200);
        assertThat(updated.selectionPattern()).isEqualTo("updated-pattern");
        assertThat(updated.responseTemplates()).containsExactly(Map.entry("application/json", "replaced"));
        assertThat(updated.contentHandling()).isEqualTo(ContentHandlingStrategy.CONVERT_TO_TEXT);

        var overwritten = putResponse(api, "200", r -> r.selectionPattern("overwrite-pattern")
                .responseTemplates(Map.of("application/json", "overwrite")));
        assertThat(overwritten.contentHandling()).isNull();

        var method =
                client.getMethod(r -> r.restApiId(api[0]).resourceId(api[1]).httpMethod("GET"));
        assertThat(method.methodIntegration().integrationResponses()).containsOnlyKeys("200");
        assertThat(method.methodIntegration().integrationResponses().get("200").selectionPattern())
                .isEqualTo("overwrite-pattern");

        var deleted = client.deleteIntegrationResponse(
                r -> r.restApiId(api[0]).resourceId(api[1]).httpMethod("GET").statusCode("200"));
        assertThat(deleted.sdkHttpResponse().statusCode()).isEqualTo(204);
        notFound(
                () -> client.getIntegrationResponse(r ->
                        r.restApiId(api[0]).resourceId(api[1]).httpMethod("GET").statusCode("200")),
                "Invalid Response status code specified");
    }

    @Test
    void integrationResponseHeadersMustBeDeclaredByTheMethodResponse() {
        String[] api = apiWithGet(null);
        put(api, r -> r.type(IntegrationType.MOCK));
        String header = "method.response.header.Access-Control-Allow-Origin";
        badRequest(
                () -> putResponse(api, "200", r -> r.responseParameters(Map.of(header, "'*'"))),
                MAPPING + "Invalid mapping expression parameter specified: " + header + "]");

        client.putMethodResponse(r -> r.restApiId(api[0])
                .resourceId(api[1])
                .httpMethod("GET")
                .statusCode("200")
                .responseParameters(Map.of(header, false)));
        var mapped = putResponse(api, "200", r -> r.responseParameters(Map.of(header, "'*'")));
        assertThat(mapped.responseParameters()).containsExactly(Map.entry(header, "'*'"));
        var fromBackend = putResponse(
                api, "200", r -> r.responseParameters(Map.of(header, "integration.response.header.Origin")));
        assertThat(fromBackend.responseParameters()).containsEntry(header, "integration.response.header.Origin");

        badRequest(
                () -> putResponse(api, "200", r -> r.responseParameters(Map.of(header, "nonsense"))),
                MAPPING + "Invalid mapping expression specified: nonsense]");
        badRequest(
                () -> putResponse(api, "200", r -> r.responseTemplates(Map.of("123", "{}"))),
                "Validation Result: warnings : [], errors : [Invalid content type specified: 123]");
        badRequest(
                () -> putResponse(api, "500", r -> r.selectionPattern("(")),
                "Invalid selection pattern specified: ( (expected: a Java regular expression)");
    }

    @Test
    void integrationResponsesAnswerAwsNotFoundErrors() {
        String[] api = apiWithGet(null);
        fails(
                () -> putResponse(api, "wrong", r -> {}),
                400,
                "ValidationException",
                "1 validation error detected: Value 'wrong' at 'statusCode' failed to satisfy constraint: Member must"
                        + " satisfy regular expression pattern: [1-5]\\d\\d");
        notFound(
                () -> client.putIntegrationResponse(r -> r.restApiId("wrong-api")
                        .resourceId("dummy")
                        .httpMethod("GET")
                        .statusCode("200")),
                "Invalid Resource identifier specified");
        notFound(
                () -> client.getIntegrationResponse(r -> r.restApiId(api[0])
                        .resourceId(api[1])
                        .httpMethod("PATCH")
                        .statusCode("200")),
                "Invalid Method identifier specified");
        notFound(
                () -> client.getIntegrationResponse(r ->
                        r.restApiId(api[0]).resourceId(api[1]).httpMethod("GET").statusCode("200")),
                "Invalid Integration identifier specified");
        put(api, r -> r.type(IntegrationType.MOCK));
        notFound(
                () -> client.getIntegrationResponse(r ->
                        r.restApiId(api[0]).resourceId(api[1]).httpMethod("GET").statusCode("201")),
                "Invalid Response status code specified");
        notFound(
                () -> client.deleteIntegrationResponse(r ->
                        r.restApiId(api[0]).resourceId(api[1]).httpMethod("GET").statusCode("201")),
                "Invalid Response status code specified");
        putResponse(api, "201", r -> r.selectionPattern("2\\d{2}"));
        assertThat(failingResponsePatch(api, op(Op.REPLACE, "/statusCode", "202")))
                .isEqualTo("Invalid patch path  '/statusCode' specified for op 'replace'. Must be one of:"
                        + " [/selectionPattern, /contentHandling, /responseParameters/{key},"
                        + " /responseTemplates/{contentType}]");
        assertThat(client.getIntegrationResponse(r -> r.restApiId(api[0])
                                .resourceId(api[1])
                                .httpMethod("GET")
                                .statusCode("201"))
                        .selectionPattern())
                .isEqualTo("2\\d{2}");
    }

    private static String failingResponsePatch(String[] api, PatchOperation op) {
        try {
            client.updateIntegrationResponse(r -> r.restApiId(api[0])
                    .resourceId(api[1])
                    .httpMethod("GET")
                    .statusCode("201")
                    .patchOperations(op));
        } catch (software.amazon.awssdk.services.apigateway.model.BadRequestException e) {
            return e.awsErrorDetails().errorMessage();
        }
        throw new AssertionError("patch " + op + " was accepted");
    }
}
