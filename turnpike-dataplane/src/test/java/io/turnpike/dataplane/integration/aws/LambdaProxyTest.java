package io.turnpike.dataplane.integration.aws;

import static io.turnpike.dataplane.integration.aws.AwsFixture.ACCOUNT;
import static io.turnpike.dataplane.integration.aws.AwsFixture.lambdaUri;
import static io.turnpike.dataplane.integration.aws.AwsFixture.proxy;
import static io.turnpike.dataplane.integration.aws.AwsFixture.text;
import static io.turnpike.dataplane.integration.aws.TestFunctions.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.turnpike.aws.AwsException;
import io.turnpike.aws.lambda.Invocation;
import io.turnpike.dataplane.integration.aws.TestFunctions.Answer;
import io.turnpike.dataplane.pipeline.InvokeResponse;
import io.turnpike.dataplane.pipeline.RequestIdentity;
import io.turnpike.dataplane.pipeline.StepOutcome;
import io.turnpike.model.rest.GatewayResponse;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** AWS_PROXY, payload format 1.0: the event a function receives and how its answer reaches the client. */
class LambdaProxyTest {

    static final String FN = "arn:aws:lambda:us-east-1:" + ACCOUNT + ":function:echo";
    static final String RAW = "arn:aws:lambda:us-east-1:" + ACCOUNT + ":function:raw";

    private final TestFunctions functions = new TestFunctions()
            // answers with the event it received, so tests read it from the response
            .add(
                    FN,
                    (event, inv) -> Answer.ok(Map.of(
                            "statusCode", 200,
                            "headers", Map.of("Content-Type", "application/json"),
                            "body", event.toString())))
            // answers with the JSON the client sent in the body, as the function's whole answer
            .add(
                    RAW,
                    (event, inv) -> event.path("body").isNull()
                            ? Answer.ok("")
                            : Answer.ok(event.path("body").asText()));
    private AwsFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
        functions.close();
    }

    private AwsFixture fixture(AwsFixture.Builder b) {
        fixture = new AwsFixture(functions, AwsServices.none(), b);
        return fixture;
    }

    private static JsonNode event(InvokeResponse r) throws Exception {
        assertThat(r.status()).as(text(r)).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    @Test
    void theEventCarriesEveryFieldOfPayloadFormat1() throws Exception {
        fixture(AwsFixture.builder()
                .variables(Map.of("fn", "echo", "alias", "live"))
                .method(
                        "/pets/{id}",
                        "POST",
                        proxy(lambdaUri("arn:aws:lambda:us-east-1:" + ACCOUNT
                                + ":function:${stageVariables.fn}:${stageVariables.alias}"))));
        InvokeResponse r = fixture.send(
                "POST",
                "/pets/42?category=electronics&category=books&price=30",
                "{\"message\":\"hello world\"}",
                "Content-Type",
                "application/json;charset=utf-8",
                "User-Agent",
                "curl/8",
                "X-Multi",
                "one",
                "x-multi",
                "two",
                "Content-Length",
                "25",
                "Connection",
                "keep-alive");
        JsonNode e = event(r);

        Invocation inv = functions.invocations.get(0);
        assertThat(inv.function()).isEqualTo(FN);
        assertThat(inv.qualifier()).isEqualTo("live");

        assertThat(e.path("resource").asText()).isEqualTo("/pets/{id}");
        assertThat(e.path("path").asText()).isEqualTo("/pets/42");
        assertThat(e.path("httpMethod").asText()).isEqualTo("POST");
        JsonNode h = e.path("headers");
        assertThat(h.path("Content-Type").asText()).isEqualTo("application/json;charset=utf-8");
        assertThat(h.path("User-Agent").asText()).isEqualTo("curl/8");
        assertThat(h.path("X-Multi").asText()).isEqualTo("two"); // the last value
        assertThat(h.path("X-Forwarded-For").asText()).isEqualTo("203.0.113.5");
        assertThat(h.path("X-Forwarded-Port").asText()).isEqualTo("8080");
        assertThat(h.path("X-Forwarded-Proto").asText()).isEqualTo("http");
        assertThat(h.path("X-Amzn-Trace-Id").asText()).startsWith("Root=1-");
        assertThat(h.has("Content-Length")).isFalse();
        assertThat(h.has("Connection")).isFalse();
        assertThat(e.path("multiValueHeaders").path("X-Multi")).hasSize(2);
        assertThat(e.path("multiValueHeaders").path("X-Multi").get(0).asText()).isEqualTo("one");
        assertThat(e.path("multiValueHeaders").path("Host").get(0).asText())
                .isEqualTo("abc1234567.execute-api.localhost:8080");
        assertThat(e.path("queryStringParameters").toString()).isEqualTo("{\"category\":\"books\",\"price\":\"30\"}");
        assertThat(e.path("multiValueQueryStringParameters").toString())
                .isEqualTo("{\"category\":[\"electronics\",\"books\"],\"price\":[\"30\"]}");
        assertThat(e.path("pathParameters").toString()).isEqualTo("{\"id\":\"42\"}");
        assertThat(e.path("stageVariables").path("fn").asText()).isEqualTo("echo");

        JsonNode c = e.path("requestContext");
        assertThat(c.path("resourceId").asText()).isNotEmpty();
        assertThat(c.path("resourcePath").asText()).isEqualTo("/pets/{id}");
        assertThat(c.path("httpMethod").asText()).isEqualTo("POST");
        assertThat(c.path("extendedRequestId").asText()).isEqualTo("R1knPH17NjMFftw=");
        assertThat(c.path("requestTime").asText()).isEqualTo("09/Apr/2015:12:34:56 +0000");
        assertThat(c.path("requestTimeEpoch").asLong()).isEqualTo(1428582896000L);
        assertThat(c.path("path").asText()).isEqualTo("/prod/pets/42");
        assertThat(c.path("accountId").asText()).isEqualTo(ACCOUNT);
        assertThat(c.path("protocol").asText()).isEqualTo("HTTP/1.1");
        assertThat(c.path("stage").asText()).isEqualTo("prod");
        assertThat(c.path("domainPrefix").asText()).isEqualTo("abc1234567");
        assertThat(c.path("domainName").asText()).isEqualTo("abc1234567.execute-api.localhost");
        assertThat(c.path("requestId").asText()).matches("[0-9a-f-]{36}");
        assertThat(c.path("apiId").asText()).isEqualTo("abc1234567");
        assertThat(c.path("deploymentId").asText()).isEqualTo("dep123");
        assertThat(c.has("authorizer"))
                .as("no authorizer key without an authorizer")
                .isFalse();
        JsonNode id = c.path("identity");
        assertThat(id.path("sourceIp").asText()).isEqualTo("203.0.113.5");
        assertThat(id.path("userAgent").asText()).isEqualTo("curl/8");
        for (String k : List.of(
                "accessKey",
                "accountId",
                "caller",
                "cognitoAuthenticationProvider",
                "cognitoAuthenticationType",
                "cognitoIdentityId",
                "cognitoIdentityPoolId",
                "principalOrgId",
                "user",
                "userArn")) {
            assertThat(id.has(k)).as(k).isTrue();
            assertThat(id.get(k).isNull()).as(k).isTrue();
        }
        assertThat(id.has("apiKey")).isFalse();
        assertThat(e.path("body").asText()).isEqualTo("{\"message\":\"hello world\"}");
        assertThat(e.path("isBase64Encoded").asBoolean()).isFalse();
        assertThat(r.header("X-Amzn-Trace-Id"))
                .isEqualTo(h.path("X-Amzn-Trace-Id").asText());
    }

    @Test
    void absentPartsAreNullNotEmpty() throws Exception {
        fixture(AwsFixture.builder().method("/items", "GET", proxy(lambdaUri(FN))));
        JsonNode e = event(fixture.send("GET", "/items", (String) null));
        for (String k : List.of(
                "queryStringParameters",
                "multiValueQueryStringParameters",
                "pathParameters",
                "stageVariables",
                "body")) {
            assertThat(e.has(k)).as(k).isTrue();
            assertThat(e.get(k).isNull()).as(k).isTrue();
        }
        assertThat(e.path("isBase64Encoded").asBoolean()).isFalse();
    }

    @Test
    void anAuthorizersAnswerAndTheApiKeyAreInTheRequestContext() throws Exception {
        fixture(AwsFixture.builder()
                .first(ex -> {
                    if (ex.header("X-Cognito") != null) {
                        ex.set(
                                RequestIdentity.AUTHORIZER,
                                new RequestIdentity.Authorized(
                                        null,
                                        Map.of(),
                                        null,
                                        Map.of("sub", "u-1", "email_verified", true),
                                        List.of("read")));
                    } else {
                        ex.set(
                                RequestIdentity.AUTHORIZER,
                                new RequestIdentity.Authorized(
                                        "user|a1",
                                        Map.of("tier", "gold", "count", 3, "admin", false),
                                        null,
                                        Map.of(),
                                        List.of()));
                    }
                    ex.set(RequestIdentity.API_KEY, new RequestIdentity.ApiKeyUse("k1d", "secret-key"));
                    return StepOutcome.NEXT;
                })
                .method("/me", "GET", proxy(lambdaUri(FN))));
        JsonNode c = event(fixture.send("GET", "/me", (String) null)).path("requestContext");
        JsonNode a = c.path("authorizer");
        assertThat(a.path("principalId").asText()).isEqualTo("user|a1");
        assertThat(a.path("tier").asText()).isEqualTo("gold");
        assertThat(a.path("count").asInt()).isEqualTo(3);
        assertThat(a.path("admin").isBoolean()).isTrue();
        assertThat(a.has("integrationLatency")).isTrue();
        assertThat(c.path("identity").path("apiKey").asText()).isEqualTo("secret-key");
        assertThat(c.path("identity").path("apiKeyId").asText()).isEqualTo("k1d");

        JsonNode cognito = event(fixture.send("GET", "/me", (String) null, "X-Cognito", "1"))
                .path("requestContext")
                .path("authorizer");
        assertThat(cognito.path("claims").path("sub").asText()).isEqualTo("u-1");
        assertThat(cognito.path("claims").path("email_verified").isTextual()).isTrue();
        assertThat(cognito.path("claims").path("email_verified").asText()).isEqualTo("true");
        assertThat(cognito.path("scopes").get(0).asText()).isEqualTo("read");
        assertThat(cognito.has("principalId")).isFalse();
    }

    @Test
    void binaryBodiesTravelBase64InBothDirections() throws Exception {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xff, 1, 2};
        functions.add(
                "arn:aws:lambda:us-east-1:" + ACCOUNT + ":function:img",
                (event, inv) -> Answer.ok(Map.of(
                        "statusCode",
                        200,
                        "headers",
                        Map.of("Content-Type", "image/png"),
                        // the function saw base64 and answers with it
                        "body",
                        event.path("isBase64Encoded").asBoolean()
                                ? event.path("body").asText()
                                : "not-base64",
                        "isBase64Encoded",
                        true)));
        fixture(AwsFixture.builder()
                .binaryMediaTypes("image/png")
                .method("/img", "POST", proxy(lambdaUri("arn:aws:lambda:us-east-1:" + ACCOUNT + ":function:img"))));

        InvokeResponse binary = fixture.send("POST", "/img", png, "Content-Type", "image/png", "Accept", "image/png");
        assertThat(binary.status()).isEqualTo(200);
        assertThat(binary.body()).isEqualTo(png);
        assertThat(binary.header("Content-Type")).isEqualTo("image/png");

        // the client does not accept a binary type: the base64 text is delivered as it is (recorded)
        InvokeResponse text =
                fixture.send("POST", "/img", png, "Content-Type", "image/png", "Accept", "application/json");
        assertThat(text(text)).isEqualTo(Base64.getEncoder().encodeToString(png));

        // a text request to the same API is not base64-encoded
        fixture.send("POST", "/img", "plain", "Content-Type", "text/plain");
        assertThat(JSON.readTree(functions.invocations.get(2).payload())
                        .path("isBase64Encoded")
                        .asBoolean())
                .isFalse();
        assertThat(JSON.readTree(functions.invocations.get(2).payload())
                        .path("body")
                        .asText())
                .isEqualTo("plain");
    }

    @Test
    void theFunctionsAnswerBecomesTheResponse() throws Exception {
        fixture(AwsFixture.builder().method("/r", "POST", proxy(lambdaUri(RAW))));

        InvokeResponse only = fixture.send("POST", "/r", "{\"statusCode\":200}");
        assertThat(only.status()).isEqualTo(200);
        assertThat(only.body()).isEmpty();
        assertThat(only.header("Content-Type")).isEqualTo("application/json");
        assertThat(only.header("X-Amzn-Trace-Id")).startsWith("Root=1-");

        assertThat(fixture.send("POST", "/r", "{\"headers\":{\"test-header\":\"value\"}}")
                        .status())
                .isEqualTo(200);
        assertThat(fixture.send("POST", "/r", "{\"statusCode\":\"201\"}").status())
                .isEqualTo(201);

        InvokeResponse merged = fixture.send(
                "POST",
                "/r",
                "{\"statusCode\":404,\"body\":\"nope\",\"headers\":{\"test-multi\":\"value-solo\",\"Flag\":true,"
                        + "\"Gone\":null,\"Content-Type\":\"text/plain\",\"WWW-Authenticate\":\"Basic\"},"
                        + "\"multiValueHeaders\":{\"Test-Multi\":[\"value-multi\"],\"Set-Cookie\":[\"a=1\",\"b=2\"]},"
                        + "\"isBase64Encoded\":false}");
        assertThat(merged.status()).isEqualTo(404);
        assertThat(text(merged)).isEqualTo("nope");
        assertThat(merged.headers())
                .contains(Map.entry("Test-Multi", "value-multi"), Map.entry("Test-Multi", "value-solo"))
                .contains(Map.entry("Set-Cookie", "a=1"), Map.entry("Set-Cookie", "b=2"))
                .contains(Map.entry("Flag", "true"))
                .contains(Map.entry("x-amzn-Remapped-WWW-Authenticate", "Basic"));
        assertThat(merged.header("Gone")).isNull();
        assertThat(merged.header("Content-Type")).isEqualTo("text/plain");
        // the multi value comes first
        assertThat(merged.headers().stream()
                        .filter(x -> x.getKey().equals("Test-Multi"))
                        .map(Map.Entry::getValue))
                .containsExactly("value-multi", "value-solo");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "{\"statusCode\":\"test\"}",
                "{\"statusCode\":200,\"wrongValue\":\"v\"}",
                "\"justAString\"",
                "[1,2]",
                "not json at all",
                "",
                "{\"multiValueHeaders\":{\"x\":\"not-a-list\"}}",
                "{\"statusCode\":200,\"body\":{\"an\":\"object\"}}",
                "{\"statusCode\":200,\"body\":42}",
                "{\"statusCode\":200.5}",
                "{\"headers\":[\"a\"]}",
                "{\"isBase64Encoded\":\"yes\"}"
            })
    void aMalformedAnswerIs502(String answer) throws Exception {
        fixture(AwsFixture.builder().method("/r", "POST", proxy(lambdaUri(RAW))));
        InvokeResponse r = fixture.send("POST", "/r", answer);
        assertBadGateway(r);
    }

    @Test
    void aFunctionErrorIs502() throws Exception {
        functions.add(
                "arn:aws:lambda:us-east-1:" + ACCOUNT + ":function:boom",
                (event, inv) -> Answer.fail("Exception", "something broke"));
        fixture(AwsFixture.builder()
                .method("/boom", "GET", proxy(lambdaUri("arn:aws:lambda:us-east-1:" + ACCOUNT + ":function:boom"))));
        assertBadGateway(fixture.send("GET", "/boom", (String) null));
    }

    @Test
    void aCustomizedDefault5xxShapesThe502() throws Exception {
        functions.add(
                "arn:aws:lambda:us-east-1:" + ACCOUNT + ":function:boom",
                (event, inv) -> Answer.fail("Exception", "something broke"));
        fixture(AwsFixture.builder()
                .gatewayResponses(new GatewayResponse(
                        "DEFAULT_5XX",
                        null,
                        Map.of("gatewayresponse.header.Access-Control-Allow-Origin", "'*'"),
                        Map.of("application/json", "{\"error\":$context.error.messageString}"),
                        false))
                .method("/boom", "GET", proxy(lambdaUri("arn:aws:lambda:us-east-1:" + ACCOUNT + ":function:boom"))));
        InvokeResponse r = fixture.send("GET", "/boom", (String) null);
        assertThat(r.status()).isEqualTo(502);
        assertThat(text(r)).isEqualTo("{\"error\":\"Internal server error\"}");
        assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo("*");
    }

    @Test
    void theIntegrationTimeoutIs504() throws Exception {
        functions.addHanging("arn:aws:lambda:us-east-1:" + ACCOUNT + ":function:slow");
        fixture(AwsFixture.builder()
                .method(
                        "/slow",
                        "GET",
                        AwsFixture.integration(
                                "AWS_PROXY",
                                "POST",
                                lambdaUri("arn:aws:lambda:us-east-1:" + ACCOUNT + ":function:slow"),
                                null,
                                null,
                                null,
                                50)));
        InvokeResponse r = fixture.send("GET", "/slow", (String) null);
        assertThat(r.status()).isEqualTo(504);
        assertThat(JSON.readTree(r.body()).path("message").asText()).isEqualTo("Endpoint request timed out");
        assertThat(r.header("x-amzn-ErrorType")).isEqualTo("InternalServerErrorException");
    }

    @Test
    void invokeApiErrorsAre500ForTheCallersFaultAnd502ForLambdas() throws Exception {
        functions.addFailing(
                "arn:aws:lambda:us-east-1:" + ACCOUNT + ":function:busy",
                new AwsException(429, "TooManyRequestsException", "Rate Exceeded."));
        fixture(AwsFixture.builder()
                .method(
                        "/missing",
                        "GET",
                        proxy(lambdaUri("arn:aws:lambda:us-east-1:" + ACCOUNT + ":function:missing")))
                .method("/busy", "GET", proxy(lambdaUri("arn:aws:lambda:us-east-1:" + ACCOUNT + ":function:busy"))));
        InvokeResponse missing = fixture.send("GET", "/missing", (String) null);
        assertThat(missing.status()).isEqualTo(500);
        assertThat(JSON.readTree(missing.body()).path("message").asText()).isEqualTo("Internal server error");
        assertThat(missing.header("x-amzn-ErrorType")).isEqualTo("InternalServerErrorException");
        assertBadGateway(fixture.send("GET", "/busy", (String) null));
    }

    @Test
    void aProxyIntegrationWhoseMethodIsNotPostIs500() throws Exception {
        fixture(AwsFixture.builder()
                .method(
                        "/get",
                        "GET",
                        AwsFixture.integration("AWS_PROXY", "GET", lambdaUri(FN), null, null, null, null))
                .method("/bad", "GET", proxy("arn:aws:apigateway:us-east-1:lambda:path/nonsense")));
        for (String path : List.of("/get", "/bad")) {
            InvokeResponse r = fixture.send("GET", path, (String) null);
            assertThat(r.status()).isEqualTo(500);
            assertThat(JSON.readTree(r.body()).path("message").asText()).isEqualTo("Internal server error");
        }
        assertThat(functions.invocations).isEmpty();
    }

    static void assertBadGateway(InvokeResponse r) throws Exception {
        assertThat(r.status()).as(text(r)).isEqualTo(502);
        assertThat(JSON.readTree(r.body()).path("message").asText()).isEqualTo("Internal server error");
        assertThat(r.header("x-amzn-ErrorType")).isEqualTo("InternalServerErrorException");
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
    }
}
