package io.turnpike.dataplane.authorizer;

import static io.turnpike.dataplane.authorizer.AuthFixture.API;
import static io.turnpike.dataplane.authorizer.AuthFixture.ARN;
import static io.turnpike.dataplane.authorizer.AuthFixture.FUNCTION;
import static io.turnpike.dataplane.authorizer.AuthFixture.json;
import static io.turnpike.dataplane.authorizer.AuthFixture.method;
import static io.turnpike.dataplane.authorizer.AuthFixture.request;
import static io.turnpike.dataplane.authorizer.AuthFixture.token;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Lambda TOKEN and REQUEST authorizers over real sockets: events, answers, errors and the cache. */
class LambdaAuthorizerEndToEndTest {

    private final AuthFixture f;

    LambdaAuthorizerEndToEndTest() throws Exception {
        f = new AuthFixture();
    }

    @AfterEach
    void close() {
        f.close();
    }

    private void deployToken(Integer ttl, String validation) throws Exception {
        f.deploy(null, List.of(token("tok001", ttl, validation)), null, method("CUSTOM", "tok001", null));
    }

    private static void assertError(HttpResponse<String> r, int status, String body, String type) {
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.body()).isEqualTo(body);
        assertThat(r.headers().firstValue("x-amzn-ErrorType")).hasValue(type);
    }

    @Test
    void tokenAuthorizerAllowsAndFillsContextAuthorizer() throws Exception {
        deployToken(0, null);
        HttpResponse<String> r = f.get("/pets/1", "Authorization", "allow");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.path("principal").asText()).isEqualTo("user-allow");
        assertThat(body.path("string").asText()).isEqualTo("value");
        assertThat(body.path("number").asText()).isEqualTo("1");
        assertThat(body.path("boolean").asText()).isEqualTo("true");
    }

    @Test
    void tokenEventIsExactlyAwsShape() throws Exception {
        deployToken(0, null);
        f.get("/pets/1", "Authorization", "allow");
        assertThat(f.functions.functionNames).containsExactly(FUNCTION);
        JsonNode event = f.functions.events.get(0);
        assertThat(event.toString())
                .isEqualTo("{\"type\":\"TOKEN\",\"methodArn\":\"" + ARN + "/prod/GET/pets/1\","
                        + "\"authorizationToken\":\"allow\"}");
    }

    @Test
    void rootMethodArnEndsInSlash() throws Exception {
        f.deploy(null, List.of(token("tok001", 0, null)), method("CUSTOM", "tok001", null), null);
        assertThat(f.get("/", "Authorization", "allow").statusCode()).isEqualTo(200);
        assertThat(f.functions.events.get(0).path("methodArn").asText()).isEqualTo(ARN + "/prod/GET/");
    }

    @Test
    void missingTokenIs401WithoutCallingTheFunction() throws Exception {
        deployToken(300, null);
        assertError(f.get("/pets/1"), 401, "{\"message\":\"Unauthorized\"}", "UnauthorizedException");
        assertError(
                f.get("/pets/1", "Authorization", ""), 401, "{\"message\":\"Unauthorized\"}", "UnauthorizedException");
        assertThat(f.functions.calls()).isZero();
    }

    @Test
    void tokenFailingTheValidationExpressionIs401WithoutCallingTheFunction() throws Exception {
        deployToken(300, "^allow$");
        assertError(
                f.get("/pets/1", "Authorization", "Bearer allow"),
                401,
                "{\"message\":\"Unauthorized\"}",
                "UnauthorizedException");
        assertThat(f.functions.calls()).isZero();
        assertThat(f.get("/pets/1", "Authorization", "allow").statusCode()).isEqualTo(200);
        assertThat(f.functions.calls()).isEqualTo(1);
    }

    @Test
    void functionSayingUnauthorizedIs401() throws Exception {
        deployToken(0, null);
        assertError(
                f.get("/pets/1", "Authorization", "unauthorized"),
                401,
                "{\"message\":\"Unauthorized\"}",
                "UnauthorizedException");
    }

    @Test
    void explicitDenyIs403WithExplicitMessage() throws Exception {
        deployToken(0, null);
        assertError(
                f.get("/pets/1", "Authorization", "deny"),
                403,
                "{\"message\":\"User is not authorized to access this resource with an explicit deny\"}",
                "AccessDeniedException");
    }

    @Test
    void policyNotCoveringTheMethodIs403() throws Exception {
        deployToken(0, null);
        assertError(
                f.get("/pets/1", "Authorization", "silent"),
                403,
                "{\"message\":\"User is not authorized to access this resource\"}",
                "AccessDeniedException");
    }

    @Test
    void everyBrokenAuthorizerIs500ConfigurationError() throws Exception {
        deployToken(0, null);
        for (String broken : List.of("crash", "garbage", "no-principal", "nested-context", "missing")) {
            assertError(
                    f.get("/pets/1", "Authorization", broken),
                    500,
                    "{\"message\":null}",
                    "AuthorizerConfigurationException");
        }
    }

    @Test
    void authorizerThatNeverAnswersTimesOutAs500() throws Exception {
        deployToken(0, null);
        assertError(
                f.get("/pets/1", "Authorization", "hang"),
                500,
                "{\"message\":null}",
                "AuthorizerConfigurationException");
    }

    @Test
    void concurrentMissesForOneIdentityMakeOneCall() throws Exception {
        deployToken(300, null);
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> answers = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            answers.add(client.sendAsync(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + f.port + "/restapis/"
                                    + API + "/prod/_user_request_/pets/" + i))
                            .header("Authorization", "gated")
                            .build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (int i = 0; i < 1000 && f.functions.calls() < 1; i++) {
            Thread.sleep(10);
        }
        // the other 19 arrive while the first call is still out (on loopback, well within this wait); each
        // would make its own call if misses were not merged
        Thread.sleep(500);
        assertThat(f.functions.calls()).isEqualTo(1);
        f.functions.gate.complete(null);
        for (var answer : answers) {
            assertThat(answer.get(10, java.util.concurrent.TimeUnit.SECONDS).statusCode())
                    .isEqualTo(200);
        }
        assertThat(f.functions.calls()).isEqualTo(1);
    }

    @Test
    void cachedResultIsReusedUntilItsTtlPasses() throws Exception {
        deployToken(300, null);
        assertThat(f.get("/pets/1", "Authorization", "wildcard").statusCode()).isEqualTo(200);
        assertThat(f.get("/pets/2", "Authorization", "wildcard").statusCode()).isEqualTo(200);
        assertThat(f.functions.calls()).isEqualTo(1);
        f.advance(Duration.ofSeconds(299));
        assertThat(f.get("/pets/3", "Authorization", "wildcard").statusCode()).isEqualTo(200);
        assertThat(f.functions.calls()).isEqualTo(1);
        f.advance(Duration.ofSeconds(2));
        assertThat(f.get("/pets/3", "Authorization", "wildcard").statusCode()).isEqualTo(200);
        assertThat(f.functions.calls()).isEqualTo(2);
    }

    @Test
    void cachedPolicyIsEvaluatedAgainstEachMethodArn() throws Exception {
        deployToken(300, null);
        assertThat(f.get("/pets/1", "Authorization", "allow").statusCode()).isEqualTo(200);
        HttpResponse<String> other = f.get("/pets/2", "Authorization", "allow");
        assertError(
                other,
                403,
                "{\"message\":\"User is not authorized to access this resource\"}",
                "AccessDeniedException");
        assertThat(f.functions.calls()).isEqualTo(1);
    }

    @Test
    void ttlZeroCallsTheFunctionEveryTime() throws Exception {
        deployToken(0, null);
        f.get("/pets/1", "Authorization", "allow");
        f.get("/pets/1", "Authorization", "allow");
        assertThat(f.functions.calls()).isEqualTo(2);
    }

    @Test
    void flushingTheStageCacheCallsTheFunctionAgain() throws Exception {
        deployToken(300, null);
        f.get("/pets/1", "Authorization", "allow");
        f.get("/pets/1", "Authorization", "allow");
        assertThat(f.functions.calls()).isEqualTo(1);
        f.flushAuthorizerCache();
        assertThat(f.get("/pets/1", "Authorization", "allow").statusCode()).isEqualTo(200);
        assertThat(f.functions.calls()).isEqualTo(2);
    }

    @Test
    void failuresAreNotCached() throws Exception {
        deployToken(300, null);
        f.get("/pets/1", "Authorization", "unauthorized");
        f.get("/pets/1", "Authorization", "unauthorized");
        assertThat(f.functions.calls()).isEqualTo(2);
    }

    @Test
    void requestEventCarriesTheWholeRequest() throws Exception {
        f.deploy(
                null,
                List.of(request("req001", 0, "method.request.header.X-Decision")),
                null,
                method("CUSTOM", "req001", null));
        HttpResponse<String> r = f.get("/pets/7?q=1&q=2&decision=ignored", "X-Decision", "allow", "X-Multi", "a");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode e = f.functions.events.get(0);
        assertThat(e.path("type").asText()).isEqualTo("REQUEST");
        assertThat(e.path("methodArn").asText()).isEqualTo(ARN + "/prod/GET/pets/7");
        assertThat(e.path("resource").asText()).isEqualTo("/pets/{id}");
        assertThat(e.path("path").asText()).isEqualTo("/pets/7");
        assertThat(e.path("httpMethod").asText()).isEqualTo("GET");
        assertThat(e.path("headers").path("X-Decision").asText()).isEqualTo("allow");
        assertThat(e.path("multiValueHeaders").path("X-Multi").toString()).isEqualTo("[\"a\"]");
        assertThat(e.path("queryStringParameters").path("q").asText()).isEqualTo("2");
        assertThat(e.path("multiValueQueryStringParameters").path("q").toString())
                .isEqualTo("[\"1\",\"2\"]");
        assertThat(e.path("pathParameters").toString()).isEqualTo("{\"id\":\"7\"}");
        assertThat(e.path("stageVariables").toString()).isEqualTo("{\"sv\":\"1\"}");
        JsonNode rc = e.path("requestContext");
        assertThat(rc.path("apiId").asText()).isEqualTo(API);
        assertThat(rc.path("stage").asText()).isEqualTo("prod");
        assertThat(rc.path("accountId").asText()).isEqualTo("123456789012");
        assertThat(rc.path("resourcePath").asText()).isEqualTo("/pets/{id}");
        assertThat(rc.path("resourceId").asText()).isEqualTo("r2");
        assertThat(rc.path("httpMethod").asText()).isEqualTo("GET");
        assertThat(rc.path("path").asText()).isEqualTo("/prod/pets/7");
        assertThat(rc.path("identity").path("sourceIp").asText()).isEqualTo("127.0.0.1");
        assertThat(rc.has("authorizer")).isFalse();
    }

    @Test
    void requestAuthorizerWithCachingNeedsEveryIdentitySource() throws Exception {
        f.deploy(
                null,
                List.of(request("req001", 300, "method.request.header.X-Decision, method.request.querystring.user")),
                null,
                method("CUSTOM", "req001", null));
        assertError(
                f.get("/pets/1", "X-Decision", "allow"),
                401,
                "{\"message\":\"Unauthorized\"}",
                "UnauthorizedException");
        assertThat(f.functions.calls()).isZero();
        assertThat(f.get("/pets/1?user=a", "X-Decision", "allow").statusCode()).isEqualTo(200);
        assertThat(f.get("/pets/1?user=a", "X-Decision", "allow").statusCode()).isEqualTo(200);
        assertThat(f.functions.calls()).isEqualTo(1);
        // another value of one identity source is another cache entry
        assertThat(f.get("/pets/1?user=b", "X-Decision", "allow").statusCode()).isEqualTo(200);
        assertThat(f.functions.calls()).isEqualTo(2);
    }

    @Test
    void requestAuthorizerWithoutCachingRunsEvenWithoutIdentity() throws Exception {
        f.deploy(
                null,
                List.of(request("req001", 0, "method.request.header.X-Missing")),
                null,
                method("CUSTOM", "req001", null));
        assertThat(f.get("/pets/1?decision=allow").statusCode()).isEqualTo(200);
        assertThat(f.functions.calls()).isEqualTo(1);
    }

    @Test
    void requestAuthorizerTakesStageVariableAndContextSources() throws Exception {
        f.deploy(
                null,
                List.of(request("req001", 300, "stageVariables.sv, context.identity.sourceIp, stageVariables.absent")),
                null,
                method("CUSTOM", "req001", null));
        // stageVariables.absent is not set: with caching on the request is unauthorized
        assertError(f.get("/pets/1?decision=allow"), 401, "{\"message\":\"Unauthorized\"}", "UnauthorizedException");
        f.deploy(
                null,
                List.of(request("req001", 300, "stageVariables.sv, context.identity.sourceIp")),
                null,
                method("CUSTOM", "req001", null));
        assertThat(f.get("/pets/1?decision=allow").statusCode()).isEqualTo(200);
        assertThat(f.functions.calls()).isEqualTo(1);
    }

    @Test
    void methodNamingAnAuthorizerOutsideTheDeploymentAnswers500() throws Exception {
        f.deploy(null, List.of(), null, method("CUSTOM", "gone01", null));
        HttpResponse<String> r = f.get("/pets/1", "Authorization", "allow");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).isEqualTo("{\"message\":\"Internal server error\"}");
    }
}
