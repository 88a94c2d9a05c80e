package io.turnpike.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.IntegrationType;
import software.amazon.awssdk.services.apigateway.model.NotFoundException;
import software.amazon.awssdk.services.apigateway.model.Op;
import software.amazon.awssdk.services.apigateway.model.TestInvokeMethodResponse;

/**
 * TestInvokeMethod through the AWS SDK against a real Turnpike process: it runs the data plane's
 * pipeline on the API as it is defined now (never deployed, or changed since), with a real loopback
 * backend, and answers with AWS's status, headers, body, execution log and latency.
 */
class MethodTestInvokeIT {

    /** {@code Wed Mar 05 06:43:16 UTC 2025 : } */
    private static final String STAMP = "[A-Z][a-z]{2} [A-Z][a-z]{2} \\d{2} \\d{2}:\\d{2}:\\d{2} UTC \\d{4} : ";

    private static final Pattern UUID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}");

    @TempDir
    static Path dataDir;

    static TurnpikeProcess turnpike;
    static ApiGatewayClient api;
    static Upstream upstream;
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        turnpike = TurnpikeProcess.start(dataDir);
        api = turnpike.client();
        upstream = new Upstream();
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
        turnpike.close();
        upstream.close();
    }

    record Api(String id, String root) {}

    static Api newApi(String name) {
        String id = api.createRestApi(r -> r.name(name)).id();
        return new Api(id, api.getResources(r -> r.restApiId(id)).items().get(0).id());
    }

    static String resource(Api a, String parent, String part) {
        return api.createResource(r -> r.restApiId(a.id()).parentId(parent).pathPart(part))
                .id();
    }

    /** The log's lines without their time stamps; the heading and every line are checked for AWS's shape. */
    static List<String> lines(TestInvokeMethodResponse r) {
        String log = r.log();
        assertThat(log).endsWith("\n");
        String[] all = log.split("\n");
        assertThat(all[0]).matches("Execution log for request " + UUID.pattern());
        List<String> out = new java.util.ArrayList<>();
        for (int i = 1; i < all.length; i++) {
            assertThat(all[i]).as("line %d", i).containsPattern("^" + STAMP);
            out.add(all[i].replaceFirst("^" + STAMP, ""));
        }
        return out;
    }

    static String requestId(TestInvokeMethodResponse r) {
        Matcher m = UUID.matcher(r.log());
        assertThat(m.find()).isTrue();
        return m.group();
    }

    @Test
    void mockMethodAnswersWithoutADeployment() throws Exception {
        Api a = newApi("ti-mock");
        String pets = resource(a, a.root(), "pets");
        String pet = resource(a, pets, "{petId}");
        api.putMethod(r -> r.restApiId(a.id()).resourceId(pet).httpMethod("GET").authorizationType("NONE"));
        api.putIntegration(r -> r.restApiId(a.id())
                .resourceId(pet)
                .httpMethod("GET")
                .type(IntegrationType.MOCK)
                .requestTemplates(Map.of("application/json", "{\"statusCode\": 201}")));
        api.putMethodResponse(r -> r.restApiId(a.id())
                .resourceId(pet)
                .httpMethod("GET")
                .statusCode("201")
                .responseParameters(Map.of("method.response.header.X-Kind", false)));
        api.putIntegrationResponse(r -> r.restApiId(a.id())
                .resourceId(pet)
                .httpMethod("GET")
                .statusCode("201")
                .responseParameters(Map.of("method.response.header.X-Kind", "'mock'"))
                .responseTemplates(Map.of(
                        "application/json",
                        "{\"pet\": \"$input.params('petId')\", \"q\": \"$input.params('q')\","
                                + " \"h\": \"$input.params('X-Test')\", \"stage\": \"$context.stage\","
                                + " \"color\": \"$stageVariables.color\", \"requestId\": \"$context.requestId\","
                                + " \"path\": \"$context.path\", \"resourcePath\": \"$context.resourcePath\","
                                + " \"apiKey\": \"$context.identity.apiKey\","
                                + " \"sourceIp\": \"$context.identity.sourceIp\","
                                + " \"caller\": \"$context.identity.caller\","
                                + " \"domain\": \"$context.domainName\"}")));

        TestInvokeMethodResponse r = api.testInvokeMethod(t -> t.restApiId(a.id())
                .resourceId(pet)
                .httpMethod("GET")
                .pathWithQueryString("/pets/7?q=big")
                .headers(Map.of("X-Test", "yes"))
                .stageVariables(Map.of("color", "blue")));

        assertThat(r.status()).isEqualTo(201);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("pet").asText()).isEqualTo("7");
        assertThat(body.path("q").asText()).isEqualTo("big");
        assertThat(body.path("h").asText()).isEqualTo("yes");
        assertThat(body.path("stage").asText()).isEqualTo("test-invoke-stage");
        assertThat(body.path("color").asText()).isEqualTo("blue");
        assertThat(body.path("requestId").asText()).isEqualTo(requestId(r));
        assertThat(body.path("path").asText()).isEqualTo("/pets/7");
        assertThat(body.path("resourcePath").asText()).isEqualTo("/pets/{petId}");
        assertThat(body.path("apiKey").asText()).isEqualTo("test-invoke-api-key");
        assertThat(body.path("sourceIp").asText()).isEqualTo("test-invoke-source-ip");
        assertThat(body.path("caller").asText()).isEqualTo("000000000000");
        assertThat(body.path("domain").asText()).isEqualTo("testPrefix.testDomainName");
        assertThat(r.headers())
                .containsEntry("Content-Type", "application/json")
                .containsEntry("X-Kind", "mock");
        assertThat(r.multiValueHeaders()).containsEntry("X-Kind", List.of("mock"));
        assertThat(r.latency()).isNotNull().isGreaterThanOrEqualTo(0L);

        String id = requestId(r);
        assertThat(lines(r))
                .containsExactly(
                        "Starting execution for request: " + id,
                        "HTTP Method: GET, Resource Path: /pets/7",
                        "Method request path: {petId=7}",
                        "Method request query string: {q=big}",
                        "Method request headers: {X-Test=yes}",
                        "Method request body before transformations: ",
                        "Method response body after transformations: " + r.body(),
                        "Method response headers: {Content-Type=application/json, X-Kind=mock}",
                        "Successfully completed execution",
                        "Method completed with status: 201");

        // no stage variables: the stage is still AWS's test stage, and the variable is empty
        TestInvokeMethodResponse plain = api.testInvokeMethod(
                t -> t.restApiId(a.id()).resourceId(pet).httpMethod("GET").pathWithQueryString("/pets/8"));
        assertThat(JSON.readTree(plain.body()).path("stage").asText()).isEqualTo("test-invoke-stage");
        assertThat(JSON.readTree(plain.body()).path("color").asText()).isEmpty();
        assertThat(requestId(plain)).isNotEqualTo(id);
    }

    @Test
    void httpMethodCallsTheBackendAndLogsTheEndpointExchange() throws Exception {
        Api a = newApi("ti-http");
        String items = resource(a, a.root(), "items");
        String item = resource(a, items, "{id}");
        api.putMethod(r -> r.restApiId(a.id())
                .resourceId(item)
                .httpMethod("POST")
                .authorizationType("NONE")
                .requestParameters(Map.of("method.request.path.id", true)));
        api.putIntegration(r -> r.restApiId(a.id())
                .resourceId(item)
                .httpMethod("POST")
                .type(IntegrationType.HTTP)
                .integrationHttpMethod("PUT")
                .uri("http://${stageVariables.backend}/echo/{id}")
                .requestParameters(Map.of(
                        "integration.request.path.id", "method.request.path.id",
                        "integration.request.header.X-Color", "stageVariables.color"))
                .requestTemplates(Map.of("application/json", "{\"wrapped\": $input.json('$')}")));
        api.putMethodResponse(
                r -> r.restApiId(a.id()).resourceId(item).httpMethod("POST").statusCode("200"));
        api.putIntegrationResponse(r -> r.restApiId(a.id())
                .resourceId(item)
                .httpMethod("POST")
                .statusCode("200")
                .responseTemplates(Map.of(
                        "application/json",
                        "{\"method\": $input.json('$.method'), \"path\": $input.json('$.path'),"
                                + " \"color\": $input.json('$.headers.x-color[0]'),"
                                + " \"body\": $input.json('$.body')}")));
        String backend = URI.create(upstream.base()).getAuthority();
        int before = upstream.requests.get();

        TestInvokeMethodResponse r = api.testInvokeMethod(t -> t.restApiId(a.id())
                .resourceId(item)
                .httpMethod("POST")
                .pathWithQueryString("/items/42")
                .headers(Map.of("Content-Type", "application/json"))
                .body("{\"n\":1}")
                .stageVariables(Map.of("backend", backend, "color", "green")));

        assertThat(upstream.requests.get()).isEqualTo(before + 1);
        assertThat(r.status()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("method").asText()).isEqualTo("PUT");
        assertThat(body.path("path").asText()).isEqualTo("/echo/42");
        assertThat(body.path("color").asText()).isEqualTo("green");
        assertThat(body.path("body").asText()).isEqualTo("{\"wrapped\": {\"n\":1}}");
        assertThat(r.headers().get("X-Amzn-Trace-Id")).startsWith("Root=1-");

        String uri = "http://" + backend + "/echo/42";
        List<String> lines = lines(r);
        assertThat(lines)
                .startsWith(
                        "Starting execution for request: " + requestId(r),
                        "HTTP Method: POST, Resource Path: /items/42",
                        "Method request path: {id=42}",
                        "Method request query string: {}",
                        "Method request headers: {Content-Type=application/json}",
                        "Method request body before transformations: {\"n\":1}",
                        "Endpoint request URI: " + uri)
                .contains(
                        "Endpoint request body after transformations: {\"wrapped\": {\"n\":1}}",
                        "Sending request to " + uri,
                        "Method response body after transformations: " + r.body(),
                        "Successfully completed execution")
                .endsWith("Method completed with status: 200");
        assertThat(lines)
                .filteredOn(l -> l.startsWith("Endpoint request headers: "))
                .singleElement()
                .asString()
                .contains("X-Color=green", "User-Agent=AmazonAPIGateway_" + a.id());
        assertThat(lines)
                .filteredOn(l -> l.startsWith("Received response. "))
                .singleElement()
                .asString()
                .matches("Received response\\. Status: 200, Integration latency: \\d+ ms");
        assertThat(lines)
                .filteredOn(l -> l.startsWith("Endpoint response body before transformations: "))
                .singleElement()
                .asString()
                .contains("\"path\":\"/echo/42\"");
    }

    @Test
    void validationFailuresAnswerAsAwsDoes() {
        Api a = newApi("ti-validated");
        String search = resource(a, a.root(), "search");
        String validator = api.createRequestValidator(r -> r.restApiId(a.id())
                        .name("all")
                        .validateRequestParameters(true)
                        .validateRequestBody(true))
                .id();
        api.createModel(r -> r.restApiId(a.id())
                .name("Query")
                .contentType("application/json")
                .schema("{\"type\":\"object\",\"required\":[\"term\"],"
                        + "\"properties\":{\"term\":{\"type\":\"string\"}}}"));
        api.putMethod(r -> r.restApiId(a.id())
                .resourceId(search)
                .httpMethod("POST")
                .authorizationType("NONE")
                .requestValidatorId(validator)
                .requestParameters(Map.of("method.request.querystring.page", true))
                .requestModels(Map.of("application/json", "Query")));
        api.putIntegration(r -> r.restApiId(a.id())
                .resourceId(search)
                .httpMethod("POST")
                .type(IntegrationType.MOCK)
                .requestTemplates(Map.of("application/json", "{\"statusCode\": 200}")));
        api.putMethodResponse(
                r -> r.restApiId(a.id()).resourceId(search).httpMethod("POST").statusCode("200"));
        api.putIntegrationResponse(r -> r.restApiId(a.id())
                .resourceId(search)
                .httpMethod("POST")
                .statusCode("200")
                .responseTemplates(Map.of("application/json", "{\"ok\":true}")));

        TestInvokeMethodResponse badBody = api.testInvokeMethod(t -> t.restApiId(a.id())
                .resourceId(search)
                .httpMethod("POST")
                .pathWithQueryString("/search?page=1")
                .headers(Map.of("Content-Type", "application/json"))
                .body("{\"nope\":1}"));
        assertThat(badBody.status()).isEqualTo(400);
        assertThat(badBody.body()).isEqualTo("{\"message\":\"Invalid request body\"}");
        assertThat(badBody.headers()).containsEntry("x-amzn-ErrorType", "BadRequestException");
        assertThat(lines(badBody))
                .contains("Request body does not match model schema for content type application/json:"
                        + " [object has missing required properties ([\"term\"])]")
                .doesNotContain("Successfully completed execution")
                .endsWith("Method completed with status: 400");

        TestInvokeMethodResponse noParam = api.testInvokeMethod(t -> t.restApiId(a.id())
                .resourceId(search)
                .httpMethod("POST")
                .pathWithQueryString("/search")
                .body("{\"term\":\"x\"}"));
        assertThat(noParam.status()).isEqualTo(400);
        assertThat(noParam.body()).isEqualTo("{\"message\":\"Missing required request parameters: [page]\"}");
        assertThat(lines(noParam)).endsWith("Method completed with status: 400");

        TestInvokeMethodResponse ok = api.testInvokeMethod(t -> t.restApiId(a.id())
                .resourceId(search)
                .httpMethod("POST")
                .pathWithQueryString("/search?page=2")
                .body("{\"term\":\"x\"}"));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("{\"ok\":true}");
    }

    @Test
    void unknownResourcesAndMethodsAreAws404s() {
        Api a = newApi("ti-missing");
        String pets = resource(a, a.root(), "pets");
        api.putMethod(
                r -> r.restApiId(a.id()).resourceId(pets).httpMethod("GET").authorizationType("NONE"));

        assertThatThrownBy(() -> api.testInvokeMethod(
                        t -> t.restApiId(a.id()).resourceId("nope00").httpMethod("GET")))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(
                                e.awsErrorDetails().errorMessage())
                        .isEqualTo("Invalid Resource identifier specified"));
        assertThatThrownBy(() -> api.testInvokeMethod(
                        t -> t.restApiId("zzzzzzzzzz").resourceId(pets).httpMethod("GET")))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(
                                e.awsErrorDetails().errorMessage())
                        .isEqualTo("Invalid Resource identifier specified"));
        assertThatThrownBy(() -> api.testInvokeMethod(
                        t -> t.restApiId(a.id()).resourceId(pets).httpMethod("POST")))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(
                                e.awsErrorDetails().errorMessage())
                        .isEqualTo("Invalid Method identifier specified"));

        // a method without an integration runs, and fails as AWS's does: 500 Internal server error
        TestInvokeMethodResponse noIntegration =
                api.testInvokeMethod(t -> t.restApiId(a.id()).resourceId(pets).httpMethod("GET"));
        assertThat(noIntegration.status()).isEqualTo(500);
        assertThat(noIntegration.body()).isEqualTo("{\"message\":\"Internal server error\"}");
        assertThat(lines(noIntegration)).contains("HTTP Method: GET, Resource Path: /pets");
    }

    @Test
    void undeployedChangesAreVisibleToTestInvokeButNotToTheStage() throws Exception {
        Api a = newApi("ti-undeployed");
        String v = resource(a, a.root(), "version");
        api.putMethod(r -> r.restApiId(a.id()).resourceId(v).httpMethod("GET").authorizationType("NONE"));
        api.putIntegration(r -> r.restApiId(a.id())
                .resourceId(v)
                .httpMethod("GET")
                .type(IntegrationType.MOCK)
                .requestTemplates(Map.of("application/json", "{\"statusCode\": 200}")));
        api.putMethodResponse(
                r -> r.restApiId(a.id()).resourceId(v).httpMethod("GET").statusCode("200"));
        api.putIntegrationResponse(r -> r.restApiId(a.id())
                .resourceId(v)
                .httpMethod("GET")
                .statusCode("200")
                .responseTemplates(Map.of("application/json", "{\"v\": 1}")));
        api.createDeployment(r -> r.restApiId(a.id()).stageName("prod"));
        assertThat(eventually(a, "/prod/version", 200).body()).isEqualTo("{\"v\": 1}");

        api.updateIntegrationResponse(r -> r.restApiId(a.id())
                .resourceId(v)
                .httpMethod("GET")
                .statusCode("200")
                .patchOperations(p -> p.op(Op.REPLACE)
                        .path("/responseTemplates/application~1json")
                        .value("{\"v\": 2}")));

        TestInvokeMethodResponse r = api.testInvokeMethod(
                t -> t.restApiId(a.id()).resourceId(v).httpMethod("GET").pathWithQueryString("/version"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"v\": 2}");
        Thread.sleep(200);
        assertThat(invoke(a, "/prod/version").body()).isEqualTo("{\"v\": 1}");
    }

    @Test
    void aTimedOutBackendIsLoggedAsAwsLogsIt() {
        Api a = newApi("ti-slow");
        String slow = integratedGet(a, "slow", IntegrationType.HTTP_PROXY, upstream.base() + "/slow/2000", 200);

        TestInvokeMethodResponse r =
                api.testInvokeMethod(t -> t.restApiId(a.id()).resourceId(slow).httpMethod("GET"));
        assertThat(r.status()).isEqualTo(504);
        assertThat(r.body()).isEqualTo("{\"message\":\"Endpoint request timed out\"}");
        assertThat(lines(r))
                .contains("Sending request to " + upstream.base() + "/slow/2000")
                .containsSubsequence("Execution failed due to a timeout error", "Method completed with status: 504");
    }

    @Test
    void anEndpointWithoutAUsableOriginIsAConfigurationError() {
        Api a = newApi("ti-bad-endpoint");
        String items = integratedGet(a, "items", IntegrationType.HTTP, "http://${stageVariables.backend}/items", null);
        int before = upstream.requests.get();

        TestInvokeMethodResponse r = api.testInvokeMethod(t -> t.restApiId(a.id())
                .resourceId(items)
                .httpMethod("GET")
                .stageVariables(Map.of("backend", "example.com:99999")));

        assertThat(r.status()).isEqualTo(500);
        assertThat(r.body()).isEqualTo("{\"message\":\"Internal server error\"}");
        assertThat(lines(r))
                .containsSubsequence(
                        "Execution failed due to configuration error: Invalid endpoint address",
                        "Method completed with status: 500")
                .noneMatch(l -> l.startsWith("Sending request to "));
        assertThat(upstream.requests.get()).isEqualTo(before);
    }

    /** A new resource under the root with a GET method (no authorization) integrated as given; its id. */
    private static String integratedGet(
            Api a, String pathPart, IntegrationType type, String uri, Integer timeoutMillis) {
        String id = resource(a, a.root(), pathPart);
        api.putMethod(r -> r.restApiId(a.id()).resourceId(id).httpMethod("GET").authorizationType("NONE"));
        api.putIntegration(r -> r.restApiId(a.id())
                .resourceId(id)
                .httpMethod("GET")
                .type(type)
                .integrationHttpMethod("GET")
                .uri(uri)
                .timeoutInMillis(timeoutMillis));
        return id;
    }

    static HttpResponse<String> invoke(Api a, String stagePath) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + turnpike.port + stagePath))
                        .header("Host", a.id() + ".execute-api.localhost:" + turnpike.port)
                        .timeout(Duration.ofSeconds(20))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> eventually(Api a, String stagePath, int status) throws Exception {
        HttpResponse<String> r = null;
        for (int i = 0; i < 100; i++) {
            r = invoke(a, stagePath);
            if (r.statusCode() == status) {
                return r;
            }
            Thread.sleep(20);
        }
        return r;
    }
}
