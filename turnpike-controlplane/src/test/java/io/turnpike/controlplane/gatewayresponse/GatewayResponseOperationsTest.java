package io.turnpike.controlplane.gatewayresponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.turnpike.controlplane.AdminFixture;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.ApiGatewayException;
import software.amazon.awssdk.services.apigateway.model.BadRequestException;
import software.amazon.awssdk.services.apigateway.model.GatewayResponse;
import software.amazon.awssdk.services.apigateway.model.GatewayResponseType;
import software.amazon.awssdk.services.apigateway.model.GetGatewayResponseResponse;
import software.amazon.awssdk.services.apigateway.model.GetGatewayResponsesResponse;
import software.amazon.awssdk.services.apigateway.model.NotFoundException;
import software.amazon.awssdk.services.apigateway.model.Op;
import software.amazon.awssdk.services.apigateway.model.PatchOperation;

class GatewayResponseOperationsTest {

    static final Map<String, String> DEFAULT_TEMPLATES =
            Map.of("application/json", "{\"message\":$context.error.messageString}");

    /** AWS's default status of each type (recorded), in alphabetical order; null for the umbrellas. */
    static final Map<String, String> DEFAULT_STATUS = new LinkedHashMap<>();

    static {
        String[][] table = {
            {"ACCESS_DENIED", "403"},
            {"API_CONFIGURATION_ERROR", "500"},
            {"AUTHORIZER_CONFIGURATION_ERROR", "500"},
            {"AUTHORIZER_FAILURE", "500"},
            {"BAD_REQUEST_BODY", "400"},
            {"BAD_REQUEST_PARAMETERS", "400"},
            {"DEFAULT_4XX", null},
            {"DEFAULT_5XX", null},
            {"EXPIRED_TOKEN", "403"},
            {"INTEGRATION_FAILURE", "504"},
            {"INTEGRATION_TIMEOUT", "504"},
            {"INVALID_API_KEY", "403"},
            {"INVALID_SIGNATURE", "403"},
            {"MISSING_AUTHENTICATION_TOKEN", "403"},
            {"QUOTA_EXCEEDED", "429"},
            {"REQUEST_TOO_LARGE", "413"},
            {"RESOURCE_NOT_FOUND", "404"},
            {"THROTTLED", "429"},
            {"UNAUTHORIZED", "401"},
            {"UNSUPPORTED_MEDIA_TYPE", "415"},
            {"WAF_FILTERED", "403"}
        };
        for (String[] row : table) {
            DEFAULT_STATUS.put(row[0], row[1]);
        }
    }

    static final Map<String, String> PARAMS = Map.of(
            "gatewayresponse.header.Access-Control-Allow-Origin", "'a.b.c'",
            "gatewayresponse.header.x-request-path", "method.request.path.petId",
            "gatewayresponse.header.x-request-query", "method.request.querystring.q",
            "gatewayresponse.header.x-stage", "stageVariables.color",
            "gatewayresponse.header.x-request-id", "context.requestId");

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

    static String newApi() {
        return client.createRestApi(r -> r.name("gateway-responses")).id();
    }

    static List<GatewayResponse> all(String api) {
        return client.getGatewayResponses(r -> r.restApiId(api)).items();
    }

    static GatewayResponse find(List<GatewayResponse> list, String type) {
        return list.stream()
                .filter(r -> r.responseTypeAsString().equals(type))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void everyApiShowsAwsDefaultsForAll21Types() {
        String api = newApi();
        GetGatewayResponsesResponse listed =
                client.getGatewayResponses(r -> r.restApiId(api).limit(500));
        assertThat(listed.items())
                .extracting(GatewayResponse::responseTypeAsString)
                .containsExactlyElementsOf(DEFAULT_STATUS.keySet());
        assertThat(listed.position()).isNull();
        for (GatewayResponse r : listed.items()) {
            assertThat(r.statusCode())
                    .as(r.responseTypeAsString())
                    .isEqualTo(DEFAULT_STATUS.get(r.responseTypeAsString()));
            assertThat(r.defaultResponse()).isTrue();
            assertThat(r.responseParameters()).isEmpty();
            assertThat(r.responseTemplates()).isEqualTo(DEFAULT_TEMPLATES);
        }
        for (String type : DEFAULT_STATUS.keySet()) {
            GetGatewayResponseResponse one =
                    client.getGatewayResponse(r -> r.restApiId(api).responseType(type));
            assertThat(one.statusCode()).isEqualTo(DEFAULT_STATUS.get(type));
            assertThat(one.defaultResponse()).isTrue();
        }
        // the wire form: parameters present and empty, no statusCode on an umbrella
        HttpResponse<String> raw = admin.signed("GET", "/restapis/" + api + "/gatewayresponses/DEFAULT_4XX", null);
        assertThat(raw.body())
                .isEqualTo("{\"responseType\":\"DEFAULT_4XX\",\"responseParameters\":{},\"responseTemplates\":"
                        + "{\"application/json\":\"{\\\"message\\\":$context.error.messageString}\"},"
                        + "\"defaultResponse\":true}");
    }

    @Test
    void putOverridesAndDeleteRestoresTheDefault() {
        String api = newApi();
        String template = "{\"message\": $context.error.messageString, \"type\": \"$context.error.responseType\"}";
        var put = client.putGatewayResponse(r -> r.restApiId(api)
                .responseType(GatewayResponseType.MISSING_AUTHENTICATION_TOKEN)
                .statusCode("404")
                .responseParameters(PARAMS)
                .responseTemplates(Map.of("application/json", template)));
        assertThat(put.sdkHttpResponse().statusCode()).isEqualTo(201);
        assertThat(put.defaultResponse()).isFalse();
        assertThat(put.statusCode()).isEqualTo("404");
        assertThat(put.responseParameters()).isEqualTo(PARAMS);
        assertThat(put.responseTemplates()).isEqualTo(Map.of("application/json", template));

        var got = client.getGatewayResponse(
                r -> r.restApiId(api).responseType(GatewayResponseType.MISSING_AUTHENTICATION_TOKEN));
        assertThat(got.defaultResponse()).isFalse();
        assertThat(got.statusCode()).isEqualTo("404");
        assertThat(got.responseParameters()).isEqualTo(PARAMS);
        GatewayResponse listed = find(all(api), "MISSING_AUTHENTICATION_TOKEN");
        assertThat(listed.defaultResponse()).isFalse();
        assertThat(listed.statusCode()).isEqualTo("404");

        var deleted = client.deleteGatewayResponse(
                r -> r.restApiId(api).responseType(GatewayResponseType.MISSING_AUTHENTICATION_TOKEN));
        assertThat(deleted.sdkHttpResponse().statusCode()).isEqualTo(202);
        var restored = client.getGatewayResponse(
                r -> r.restApiId(api).responseType(GatewayResponseType.MISSING_AUTHENTICATION_TOKEN));
        assertThat(restored.defaultResponse()).isTrue();
        assertThat(restored.statusCode()).isEqualTo("403");
        assertThat(restored.responseParameters()).isEmpty();
        assertThat(restored.responseTemplates()).isEqualTo(DEFAULT_TEMPLATES);

        assertThatThrownBy(() -> client.deleteGatewayResponse(
                        r -> r.restApiId(api).responseType(GatewayResponseType.MISSING_AUTHENTICATION_TOKEN)))
                .isInstanceOf(NotFoundException.class)
                .hasMessageStartingWith("Gateway response type not defined on api (Service");
    }

    @Test
    void aPutReplacesTheWholeCustomizationAndFillsWhatItLeavesOut() {
        String api = newApi();
        client.putGatewayResponse(r -> r.restApiId(api)
                .responseType(GatewayResponseType.MISSING_AUTHENTICATION_TOKEN)
                .statusCode("404")
                .responseParameters(PARAMS));
        var paramsOnly = client.putGatewayResponse(r -> r.restApiId(api)
                .responseType(GatewayResponseType.MISSING_AUTHENTICATION_TOKEN)
                .responseParameters(Map.of("gatewayresponse.header.x-a", "method.request.header.Accept")));
        // recorded against AWS: the earlier 404 is gone, the type's default shows
        assertThat(paramsOnly.statusCode()).isEqualTo("403");
        assertThat(paramsOnly.responseParameters())
                .isEqualTo(Map.of("gatewayresponse.header.x-a", "method.request.header.Accept"));
        assertThat(paramsOnly.responseTemplates()).isEqualTo(DEFAULT_TEMPLATES);
        assertThat(paramsOnly.defaultResponse()).isFalse();

        var statusOnly = client.putGatewayResponse(r -> r.restApiId(api)
                .responseType(GatewayResponseType.MISSING_AUTHENTICATION_TOKEN)
                .statusCode("418"));
        assertThat(statusOnly.statusCode()).isEqualTo("418");
        assertThat(statusOnly.responseParameters()).isEmpty();
        assertThat(statusOnly.responseTemplates()).isEqualTo(DEFAULT_TEMPLATES);

        var umbrella = client.putGatewayResponse(r -> r.restApiId(api).responseType(GatewayResponseType.DEFAULT_4_XX));
        assertThat(umbrella.statusCode()).isNull();
        assertThat(umbrella.defaultResponse()).isFalse();
    }

    @Test
    void anUmbrellaCustomizationShowsOnEveryUncustomizedTypeOfItsFamily() {
        String api = newApi();
        Map<String, String> templates = Map.of("application/json", "{\"oops\":$context.error.messageString}");
        client.putGatewayResponse(r -> r.restApiId(api)
                .responseType(GatewayResponseType.DEFAULT_5_XX)
                .statusCode("599")
                .responseParameters(Map.of("gatewayresponse.header.x-five", "'5'"))
                .responseTemplates(templates));
        client.putGatewayResponse(r -> r.restApiId(api)
                .responseType(GatewayResponseType.AUTHORIZER_FAILURE)
                .responseParameters(Map.of("gatewayresponse.header.foo", "'bar'")));

        List<GatewayResponse> listed = all(api);
        for (String type : List.of(
                "API_CONFIGURATION_ERROR",
                "AUTHORIZER_CONFIGURATION_ERROR",
                "INTEGRATION_FAILURE",
                "INTEGRATION_TIMEOUT")) {
            GatewayResponse r = find(listed, type);
            assertThat(r.statusCode()).as(type).isEqualTo("599");
            assertThat(r.defaultResponse()).as(type).isTrue();
            assertThat(r.responseParameters()).as(type).containsEntry("gatewayresponse.header.x-five", "'5'");
            assertThat(r.responseTemplates()).as(type).isEqualTo(templates);
        }
        GatewayResponse own = find(listed, "AUTHORIZER_FAILURE");
        assertThat(own.statusCode()).isEqualTo("500");
        assertThat(own.defaultResponse()).isFalse();
        assertThat(own.responseParameters()).isEqualTo(Map.of("gatewayresponse.header.foo", "'bar'"));
        GatewayResponse fourHundred = find(listed, "THROTTLED");
        assertThat(fourHundred.statusCode()).isEqualTo("429");
        assertThat(fourHundred.responseParameters()).isEmpty();
        assertThat(client.getGatewayResponse(
                                r -> r.restApiId(api).responseType(GatewayResponseType.INTEGRATION_TIMEOUT))
                        .statusCode())
                .isEqualTo("599");
    }

    @Test
    void updateCustomizesADefaultAndPatchesParametersAndTemplates() {
        String api = newApi();
        // recorded against AWS: updating a type never put starts from its default and customizes it
        var first = client.updateGatewayResponse(r -> r.restApiId(api)
                .responseType(GatewayResponseType.DEFAULT_4_XX)
                .patchOperations(p -> p.op(Op.REPLACE).path("/statusCode").value("444")));
        assertThat(first.defaultResponse()).isFalse();
        assertThat(first.statusCode()).isEqualTo("444");
        assertThat(first.responseParameters()).isEmpty();
        assertThat(first.responseTemplates()).isEqualTo(DEFAULT_TEMPLATES);
        assertThat(client.getGatewayResponse(r -> r.restApiId(api).responseType(GatewayResponseType.DEFAULT_4_XX))
                        .defaultResponse())
                .isFalse();

        client.putGatewayResponse(r -> r.restApiId(api)
                .responseType(GatewayResponseType.DEFAULT_4_XX)
                .statusCode("404")
                .responseParameters(PARAMS));
        String xml = "<gatewayResponse><message>$context.error.messageString</message></gatewayResponse>";
        var patched = client.updateGatewayResponse(r -> r.restApiId(api)
                .responseType(GatewayResponseType.DEFAULT_4_XX)
                .patchOperations(
                        p -> p.op(Op.REPLACE).path("/statusCode").value("444"),
                        p -> p.op(Op.REPLACE)
                                .path("/responseParameters/gatewayresponse.header.Access-Control-Allow-Origin")
                                .value("'example.com'"),
                        p -> p.op(Op.REMOVE).path("/responseParameters/gatewayresponse.header.x-stage"),
                        p -> p.op(Op.ADD)
                                .path("/responseTemplates/application~1xml")
                                .value(xml)));
        assertThat(patched.statusCode()).isEqualTo("444");
        assertThat(patched.responseParameters())
                .containsEntry("gatewayresponse.header.Access-Control-Allow-Origin", "'example.com'")
                .containsEntry("gatewayresponse.header.x-request-path", "method.request.path.petId")
                .doesNotContainKey("gatewayresponse.header.x-stage")
                .hasSize(4);
        assertThat(patched.responseTemplates())
                .containsEntry("application/xml", xml)
                .containsEntry("application/json", "{\"message\":$context.error.messageString}");
        var got = client.getGatewayResponse(r -> r.restApiId(api).responseType(GatewayResponseType.DEFAULT_4_XX));
        assertThat(got.responseParameters()).isEqualTo(patched.responseParameters());
        assertThat(got.responseTemplates()).isEqualTo(patched.responseTemplates());
    }

    @Test
    void badUpdatesAnswerAsAwsDoesAndChangeNothing() {
        String api = newApi();
        client.putGatewayResponse(r -> r.restApiId(api)
                .responseType(GatewayResponseType.DEFAULT_4_XX)
                .statusCode("404")
                .responseParameters(PARAMS));
        assertBadUpdate(api, p -> p.op(Op.ADD).path("/statusCode").value("444"), "Invalid patch path /statusCode");
        assertBadUpdate(api, p -> p.op(Op.REMOVE).path("/statusCode"), "Invalid patch path /statusCode");
        assertBadUpdate(api, p -> p.op(Op.ADD).path("/wrongPath").value("x"), "Invalid patch path /wrongPath");
        assertBadUpdate(
                api,
                p -> p.op(Op.REPLACE).path("/responseTemplates/application~1xml"),
                "Invalid null or empty value in responseTemplates");
        assertBadUpdate(
                api,
                p -> p.op(Op.ADD)
                        .path("/responseParameters/gatewayresponse.header.x")
                        .value(""),
                "Invalid null or empty value in responseParameters");
        assertBadUpdate(
                api,
                p -> p.op(Op.REPLACE).path("/statusCode").value("99"),
                "Invalid status code specified: 99 (expected: a value matching [1-5]\\d\\d)");
        assertBadUpdate(
                api,
                p -> p.op(Op.ADD)
                        .path("/responseParameters/gatewayresponse.header.x")
                        .value("not-quoted"),
                "Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping"
                        + " expression specified: not-quoted]");

        for (String missing :
                List.of("/responseParameters/gatewayresponse.header.nope", "/responseTemplates/text~1plain")) {
            assertThatThrownBy(() -> client.updateGatewayResponse(r -> r.restApiId(api)
                            .responseType(GatewayResponseType.DEFAULT_4_XX)
                            .patchOperations(p -> p.op(Op.REPLACE).path(missing).value("'x'"))))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessageStartingWith("Invalid parameter name specified (Service");
            assertThatThrownBy(() -> client.updateGatewayResponse(r -> r.restApiId(api)
                            .responseType(GatewayResponseType.DEFAULT_4_XX)
                            .patchOperations(p -> p.op(Op.REMOVE).path(missing))))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessageStartingWith("Invalid parameter name specified (Service");
        }

        HttpResponse<String> noPath = admin.signed(
                "PATCH",
                "/restapis/" + api + "/gatewayresponses/DEFAULT_4XX",
                "{\"patchOperations\":[{\"op\":\"add\",\"value\":\"'example.com'\"}]}");
        assertThat(noPath.statusCode()).isEqualTo(400);
        assertThat(noPath.body()).isEqualTo("{\"message\":\"Invalid patch path null\"}");

        // the first operation is good, the second is not: neither is kept
        assertThatThrownBy(() -> client.updateGatewayResponse(r -> r.restApiId(api)
                        .responseType(GatewayResponseType.DEFAULT_4_XX)
                        .patchOperations(
                                p -> p.op(Op.REPLACE).path("/statusCode").value("444"),
                                p -> p.op(Op.ADD).path("/wrongPath").value("x"))))
                .isInstanceOf(BadRequestException.class);
        var unchanged = client.getGatewayResponse(r -> r.restApiId(api).responseType(GatewayResponseType.DEFAULT_4_XX));
        assertThat(unchanged.statusCode()).isEqualTo("404");
        assertThat(unchanged.responseParameters()).isEqualTo(PARAMS);

        // an update that fails on a type never customized leaves it uncustomized
        assertThatThrownBy(() -> client.updateGatewayResponse(r -> r.restApiId(api)
                        .responseType(GatewayResponseType.THROTTLED)
                        .patchOperations(p -> p.op(Op.ADD).path("/statusCode").value("430"))))
                .isInstanceOf(BadRequestException.class);
        assertThat(client.getGatewayResponse(r -> r.restApiId(api).responseType(GatewayResponseType.THROTTLED))
                        .defaultResponse())
                .isTrue();
    }

    private static void assertBadUpdate(String api, Consumer<PatchOperation.Builder> op, String message) {
        assertThatThrownBy(() -> client.updateGatewayResponse(r -> r.restApiId(api)
                        .responseType(GatewayResponseType.DEFAULT_4_XX)
                        .patchOperations(op)))
                .isInstanceOf(BadRequestException.class)
                .hasMessageStartingWith(message + " (Service");
    }

    @Test
    void badPutsAreRejectedWithAwsMessages() {
        String api = newApi();
        assertThatThrownBy(() -> client.putGatewayResponse(r -> r.restApiId(api)
                        .responseType(GatewayResponseType.UNAUTHORIZED)
                        .responseParameters(Map.of("method.response.header.Access-Control-Allow-Origin", "'*'"))))
                .isInstanceOf(BadRequestException.class)
                .hasMessageStartingWith("Invalid mapping expression specified: Validation Result: warnings : [],"
                        + " errors : [Invalid mapping expression specified:"
                        + " method.response.header.Access-Control-Allow-Origin] (Service");
        assertThatThrownBy(() -> client.putGatewayResponse(r -> r.restApiId(api)
                        .responseType(GatewayResponseType.UNAUTHORIZED)
                        .responseParameters(Map.of("gatewayresponse.header.test-key", "test-value"))))
                .isInstanceOf(BadRequestException.class)
                .hasMessageStartingWith("Invalid mapping expression specified: Validation Result: warnings : [],"
                        + " errors : [Invalid mapping expression specified: test-value] (Service");
        assertThatThrownBy(() -> client.putGatewayResponse(r -> r.restApiId(api)
                        .responseType(GatewayResponseType.UNAUTHORIZED)
                        .statusCode("4000")))
                .isInstanceOf(ApiGatewayException.class)
                .satisfies(e -> {
                    ApiGatewayException ex = (ApiGatewayException) e;
                    assertThat(ex.statusCode()).isEqualTo(400);
                    assertThat(ex.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(ex.awsErrorDetails().errorMessage())
                            .isEqualTo(
                                    "1 validation error detected: Value '4000' at 'putGatewayResponseInput.statusCode'"
                                            + " failed to satisfy constraint: Member must satisfy regular expression pattern:"
                                            + " [1-5]\\d\\d");
                });
        assertThat(client.getGatewayResponse(r -> r.restApiId(api).responseType(GatewayResponseType.UNAUTHORIZED))
                        .defaultResponse())
                .isTrue();
    }

    @Test
    void unknownTypesAndApisAnswerAsAwsDoes() {
        String api = newApi();
        String enumMessage = "{\"message\":\"1 validation error detected: Value 'FAKE_RESPONSE_TYPE' at 'responseType'"
                + " failed to satisfy constraint: Member must satisfy enum value set: [REQUEST_TOO_LARGE,"
                + " RESOURCE_NOT_FOUND, AUTHORIZER_CONFIGURATION_ERROR, MISSING_AUTHENTICATION_TOKEN, BAD_REQUEST_BODY,"
                + " INVALID_SIGNATURE, INVALID_API_KEY, BAD_REQUEST_PARAMETERS, AUTHORIZER_FAILURE, UNAUTHORIZED,"
                + " INTEGRATION_TIMEOUT, ACCESS_DENIED, DEFAULT_4XX, DEFAULT_5XX, WAF_FILTERED, QUOTA_EXCEEDED,"
                + " THROTTLED, API_CONFIGURATION_ERROR, UNSUPPORTED_MEDIA_TYPE, INTEGRATION_FAILURE, EXPIRED_TOKEN]\"}";
        String path = "/restapis/" + api + "/gatewayresponses/FAKE_RESPONSE_TYPE";
        for (String[] call : new String[][] {
            {"GET", null}, {"DELETE", null}, {"PATCH", "{\"patchOperations\":[]}"}, {"PUT", "{\"statusCode\":\"404\"}"}
        }) {
            HttpResponse<String> r = admin.signed(call[0], path, call[1]);
            assertThat(r.statusCode()).as(call[0]).isEqualTo(400);
            assertThat(r.headers().firstValue("x-amzn-ErrorType")).as(call[0]).hasValue("ValidationException");
            assertThat(r.body()).as(call[0]).isEqualTo(enumMessage);
        }

        String notFound = "Invalid API identifier specified 123456789012:nosuchapi1 (Service";
        assertThatThrownBy(() -> client.getGatewayResponses(r -> r.restApiId("nosuchapi1")))
                .isInstanceOf(NotFoundException.class)
                .hasMessageStartingWith(notFound);
        assertThatThrownBy(() -> client.getGatewayResponse(
                        r -> r.restApiId("nosuchapi1").responseType(GatewayResponseType.DEFAULT_4_XX)))
                .isInstanceOf(NotFoundException.class)
                .hasMessageStartingWith(notFound);
        assertThatThrownBy(() -> client.putGatewayResponse(
                        r -> r.restApiId("nosuchapi1").responseType(GatewayResponseType.DEFAULT_4_XX)))
                .isInstanceOf(NotFoundException.class)
                .hasMessageStartingWith(notFound);
        assertThatThrownBy(() -> client.updateGatewayResponse(
                        r -> r.restApiId("nosuchapi1").responseType(GatewayResponseType.DEFAULT_4_XX)))
                .isInstanceOf(NotFoundException.class)
                .hasMessageStartingWith(notFound);
        assertThatThrownBy(() -> client.deleteGatewayResponse(
                        r -> r.restApiId("nosuchapi1").responseType(GatewayResponseType.DEFAULT_4_XX)))
                .isInstanceOf(NotFoundException.class)
                .hasMessageStartingWith(notFound);
    }

    @Test
    void listsAllTypesAcrossPages() {
        String api = newApi();
        client.putGatewayResponse(r ->
                r.restApiId(api).responseType(GatewayResponseType.THROTTLED).statusCode("503"));
        List<String> seen = new ArrayList<>();
        String position = null;
        int pages = 0;
        do {
            String pos = position;
            GetGatewayResponsesResponse page =
                    client.getGatewayResponses(r -> r.restApiId(api).limit(5).position(pos));
            assertThat(page.items()).hasSizeLessThanOrEqualTo(5);
            page.items().forEach(g -> seen.add(g.responseTypeAsString()));
            position = page.position();
            pages++;
        } while (position != null);
        assertThat(seen).containsExactlyElementsOf(DEFAULT_STATUS.keySet());
        assertThat(pages).isEqualTo(5);
        assertThat(find(all(api), "THROTTLED").statusCode()).isEqualTo("503");
    }
}
