package io.turnpike.controlplane.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.turnpike.controlplane.AdminFixture;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Lambda's wire format on the shared admin port, byte for byte where no SDK shows it: routing by the
 * API-version path prefix, and Lambda's error bodies ({@code Type} plus the message under the member
 * name the exception's shape declares) beside API Gateway's {@code {"message"}}.
 */
class LambdaWireTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final AdminFixture f = new AdminFixture();

    @AfterEach
    void close() {
        f.close();
    }

    private static JsonNode body(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    @Test
    void notFoundIsLambdasShape() throws Exception {
        HttpResponse<String> r = f.signed("GET", "/2015-03-31/functions/nope", null);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("x-amzn-ErrorType")).hasValue("ResourceNotFoundException");
        assertThat(r.headers().firstValue("x-amzn-RequestId")).isPresent();
        assertThat(body(r))
                .isEqualTo(JSON.readTree("{\"Type\":\"User\",\"Message\":\"Function not found: "
                        + "arn:aws:lambda:us-east-1:123456789012:function:nope\"}"));
    }

    @Test
    void invokeThroughAnInvokerThatKnowsNoFunctionIsLambdasNotFound() throws Exception {
        HttpResponse<String> r = f.signed("POST", "/2015-03-31/functions/fn/invocations", "{}");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("x-amzn-ErrorType")).hasValue("ResourceNotFoundException");
        assertThat(body(r).get("Message").asText())
                .isEqualTo("Function not found: arn:aws:lambda:us-east-1:123456789012:function:fn");
    }

    @Test
    void unreadableBodyIsInvalidRequestContent() throws Exception {
        HttpResponse<String> r = f.signed("POST", "/2015-03-31/functions", "{bad");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("x-amzn-ErrorType")).hasValue("InvalidRequestContentException");
        assertThat(body(r).get("Type").asText()).isEqualTo("User");
        assertThat(body(r).get("message").asText()).startsWith("Could not parse request body into json: ");
    }

    @Test
    void missingMembersAreLambdasValidationMessage() throws Exception {
        HttpResponse<String> r = f.signed("POST", "/2015-03-31/functions", "{\"Runtime\":\"nodejs20.x\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("x-amzn-ErrorType")).hasValue("ValidationException");
        assertThat(body(r).get("message").asText())
                .isEqualTo("3 validation errors detected: Value null at 'functionName' failed to satisfy constraint:"
                        + " Member must not be null; Value null at 'role' failed to satisfy constraint: Member must"
                        + " not be null; Value null at 'code' failed to satisfy constraint: Member must not be null");
    }

    @Test
    void lambdaOperationsNotImplementedSaySo() throws Exception {
        HttpResponse<String> r = f.signed("GET", "/2016-08-19/account-settings", null);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("x-amzn-ErrorType")).hasValue("BadRequestException");
        assertThat(body(r).get("message").asText())
                .isEqualTo("Turnpike does not support the operation GetAccountSettings yet");
    }

    @Test
    void apiGatewayErrorsKeepTheirShape() throws Exception {
        HttpResponse<String> r = f.signed("GET", "/restapis/nope", null);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(body(r).has("Type")).isFalse();
        assertThat(body(r).get("message").asText()).isEqualTo("Invalid API identifier specified 123456789012:nope");
    }
}
