package io.turnpike.dataplane.integration.aws;

import static io.turnpike.dataplane.integration.aws.AwsFixture.ACCOUNT;
import static io.turnpike.dataplane.integration.aws.AwsFixture.integration;
import static io.turnpike.dataplane.integration.aws.AwsFixture.lambdaUri;
import static io.turnpike.dataplane.integration.aws.AwsFixture.text;
import static io.turnpike.dataplane.integration.aws.TestFunctions.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import io.turnpike.aws.lambda.InvocationType;
import io.turnpike.dataplane.integration.aws.TestFunctions.Answer;
import io.turnpike.dataplane.pipeline.InvokeResponse;
import io.turnpike.model.rest.IntegrationResponse;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** AWS (non-proxy) Lambda integrations: templates in, selection patterns on errorMessage out. */
class LambdaCustomTest {

    static final String CALC = "arn:aws:lambda:us-east-1:" + ACCOUNT + ":function:calc";

    private final CopyOnWriteArrayList<String> events = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.CountDownLatch ran = new java.util.concurrent.CountDownLatch(1);
    private final TestFunctions functions = new TestFunctions().add(CALC, (event, inv) -> {
        events.add(event.toString());
        ran.countDown();
        int a = event.path("a").asInt();
        int b = event.path("b").asInt();
        if (b == 0) {
            return Answer.fail("ArithmeticException", "[BadRequest] division by zero");
        }
        if (a < 0) {
            return Answer.fail("Exception", "something else went wrong");
        }
        return Answer.ok(Map.of("quotient", a / b, "who", event.path("who").asText()));
    });
    private AwsFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
        functions.close();
    }

    private static final Map<String, IntegrationResponse> RESPONSES = Map.of(
            "200",
            new IntegrationResponse(
                    "200",
                    null,
                    Map.of("method.response.header.X-Version", "integration.response.header.X-Amz-Executed-Version"),
                    Map.of(
                            "application/json",
                            "{\"result\": $input.json('$.quotient'), \"by\": \"$input.path('$.who')\"}"),
                    null),
            "400",
            new IntegrationResponse(
                    "400",
                    "\\[BadRequest\\].*",
                    null,
                    Map.of("application/json", "{\"error\": \"$input.path('$.errorMessage')\"}"),
                    null));

    private AwsFixture fixture(Map<String, IntegrationResponse> responses, Map<String, String> parameters) {
        fixture = new AwsFixture(
                functions,
                AwsServices.none(),
                AwsFixture.builder()
                        .method(
                                "/divide",
                                "POST",
                                integration(
                                        "AWS",
                                        "POST",
                                        lambdaUri(CALC),
                                        parameters,
                                        Map.of(
                                                "application/json",
                                                "{\"a\": $input.json('$.a'), \"b\": $input.json('$.b'),"
                                                        + " \"who\": \"$input.params('who')\"}"),
                                        responses,
                                        null)));
        return fixture;
    }

    @Test
    void theTemplateBuildsTheEventAndTheDefaultResponseMapsTheAnswer() throws Exception {
        fixture(RESPONSES, null);
        InvokeResponse r = fixture.send("POST", "/divide?who=ann", "{\"a\": 9, \"b\": 3}");
        assertThat(r.status()).as(text(r)).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).toString()).isEqualTo("{\"result\":3,\"by\":\"ann\"}");
        assertThat(r.header("X-Version")).isEqualTo("$LATEST");
        assertThat(r.header("X-Amzn-Trace-Id")).startsWith("Root=1-");
        assertThat(JSON.readTree(events.get(0)).toString()).isEqualTo("{\"a\":9,\"b\":3,\"who\":\"ann\"}");
        assertThat(functions.invocations.get(0).type()).isEqualTo(InvocationType.REQUEST_RESPONSE);
    }

    @Test
    void aFunctionErrorIsSelectedByItsErrorMessage() throws Exception {
        fixture(RESPONSES, null);
        InvokeResponse r = fixture.send("POST", "/divide", "{\"a\": 1, \"b\": 0}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).path("error").asText()).isEqualTo("[BadRequest] division by zero");

        // an error no pattern matches falls to the default response, as AWS does
        InvokeResponse other = fixture.send("POST", "/divide", "{\"a\": -1, \"b\": 1}");
        assertThat(other.status()).isEqualTo(200);
    }

    @Test
    void withoutADefaultResponseAnUnmatchedAnswerIs500() throws Exception {
        fixture(Map.of("400", RESPONSES.get("400")), null);
        InvokeResponse ok = fixture.send("POST", "/divide", "{\"a\": 4, \"b\": 2}");
        assertThat(ok.status()).isEqualTo(500);
        assertThat(JSON.readTree(ok.body()).path("message").asText()).isEqualTo("Internal server error");
        assertThat(fixture.send("POST", "/divide", "{\"a\": 4, \"b\": 0}").status())
                .isEqualTo(400);
    }

    @Test
    void withoutTemplatesTheErrorDocumentPassesThrough() throws Exception {
        fixture(Map.of("200", new IntegrationResponse("200", null, null, null, null)), null);
        InvokeResponse r = fixture.send("POST", "/divide", "{\"a\": 4, \"b\": 0}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).path("errorMessage").asText()).isEqualTo("[BadRequest] division by zero");
        assertThat(JSON.readTree(r.body()).path("errorType").asText()).isEqualTo("ArithmeticException");
    }

    @Test
    void anEventInvocationIsAcknowledgedWithAnEmptyResult() throws Exception {
        fixture(
                Map.of("200", new IntegrationResponse("200", null, null, null, null)),
                Map.of("integration.request.header.X-Amz-Invocation-Type", "'Event'"));
        InvokeResponse r = fixture.send("POST", "/divide", "{\"a\": 8, \"b\": 2}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        assertThat(functions.invocations.get(0).type()).isEqualTo(InvocationType.EVENT);
        // the function did run, asynchronously
        assertThat(ran.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(events).hasSize(1);
    }

    @Test
    void anUnknownInvocationTypeIs500() throws Exception {
        fixture(RESPONSES, Map.of("integration.request.header.X-Amz-Invocation-Type", "'Later'"));
        InvokeResponse r = fixture.send("POST", "/divide", "{\"a\": 8, \"b\": 2}");
        assertThat(r.status()).isEqualTo(500);
        assertThat(functions.invocations).isEmpty();
    }
}
