package io.turnpike.controlplane.resource;

import static io.turnpike.controlplane.resource.AwsErrors.badRequest;
import static io.turnpike.controlplane.resource.AwsErrors.conflict;
import static io.turnpike.controlplane.resource.AwsErrors.fails;
import static io.turnpike.controlplane.resource.AwsErrors.notFound;
import static org.assertj.core.api.Assertions.assertThat;

import io.turnpike.controlplane.AdminFixture;
import io.turnpike.model.rest.Model;
import io.turnpike.model.rest.RequestValidator;
import io.turnpike.store.Kinds;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.GetMethodResponse;
import software.amazon.awssdk.services.apigateway.model.Op;
import software.amazon.awssdk.services.apigateway.model.PatchOperation;
import software.amazon.awssdk.services.apigateway.model.PutMethodRequest;
import software.amazon.awssdk.services.apigateway.model.UpdateMethodResponse;

class MethodOperationsTest {

    private static final String AUTHORIZER_REQUIRED = "Invalid authorizer ID specified. Setting the authorization"
            + " type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer.";

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

    /** A fresh API; returns {apiId, rootResourceId}. */
    private static String[] api() {
        var api = client.createRestApi(r -> r.name("methods"));
        return new String[] {api.id(), api.rootResourceId()};
    }

    private static void put(String[] api, String verb, Consumer<PutMethodRequest.Builder> more) {
        client.putMethod(r -> {
            r.restApiId(api[0]).resourceId(api[1]).httpMethod(verb).authorizationType("NONE");
            more.accept(r);
        });
    }

    private static GetMethodResponse get(String[] api, String verb) {
        return client.getMethod(r -> r.restApiId(api[0]).resourceId(api[1]).httpMethod(verb));
    }

    private static UpdateMethodResponse update(String[] api, String verb, PatchOperation... ops) {
        return client.updateMethod(
                r -> r.restApiId(api[0]).resourceId(api[1]).httpMethod(verb).patchOperations(ops));
    }

    private static PatchOperation op(Op op, String path, String value) {
        return PatchOperation.builder().op(op).path(path).value(value).build();
    }

    @Test
    void putGetAndDeleteAMethod() {
        String[] api = api();
        var put = client.putMethod(
                r -> r.restApiId(api[0]).resourceId(api[1]).httpMethod("ANY").authorizationType("NONE"));
        assertThat(put.sdkHttpResponse().statusCode()).isEqualTo(201);
        assertThat(put.httpMethod()).isEqualTo("ANY");
        assertThat(put.authorizationType()).isEqualTo("NONE");
        assertThat(put.apiKeyRequired()).isFalse();

        HttpResponse<String> raw =
                admin.signed("GET", "/restapis/" + api[0] + "/resources/" + api[1] + "/methods/ANY", null);
        assertThat(raw.body())
                .isEqualTo("{\"httpMethod\":\"ANY\",\"authorizationType\":\"NONE\",\"apiKeyRequired\":false}");

        var deleted =
                client.deleteMethod(r -> r.restApiId(api[0]).resourceId(api[1]).httpMethod("ANY"));
        assertThat(deleted.sdkHttpResponse().statusCode()).isEqualTo(204);
        notFound(() -> get(api, "ANY"), "Invalid Method identifier specified");
        notFound(
                () -> client.deleteMethod(
                        r -> r.restApiId(api[0]).resourceId(api[1]).httpMethod("ANY")),
                "Invalid Method identifier specified");
        assertThat(client.getResource(r -> r.restApiId(api[0]).resourceId(api[1]))
                        .hasResourceMethods())
                .isFalse();
    }

    @Test
    void aSecondPutOfTheSameVerbConflicts() {
        String[] api = api();
        put(api, "GET", r -> r.apiKeyRequired(true));
        conflict(() -> put(api, "GET", r -> {}), "Method already exists for this resource");
        assertThat(get(api, "GET").apiKeyRequired()).isTrue();
    }

    @Test
    void putsEverySettingAMethodHas() {
        String[] api = api();
        admin.store.write(tx -> {
            tx.put(Kinds.REQUEST_VALIDATOR, api[0], "val123", new RequestValidator("val123", "all", true, true));
            tx.put(Kinds.AUTHORIZER, api[0], "auth12", cognitoAuthorizer("auth12"));
            tx.put(
                    Kinds.MODEL,
                    api[0],
                    "Pet",
                    new Model("mod123", "Pet", null, "{\"type\":\"object\"}", "application/json"));
            return null;
        });
        put(api, "POST", r -> r.authorizationType("cognito_user_pools")
                .authorizerId("auth12")
                .authorizationScopes("pets/write")
                .apiKeyRequired(true)
                .operationName("CreatePet")
                .requestValidatorId("val123")
                .requestModels(Map.of("application/json", "Pet"))
                .requestParameters(Map.of(
                        "method.request.header.X-Trace", false,
                        "method.request.querystring.dryRun", true,
                        "method.request.path.id", true)));
        var m = get(api, "POST");
        assertThat(m.authorizationType()).isEqualTo("COGNITO_USER_POOLS");
        assertThat(m.authorizerId()).isEqualTo("auth12");
        assertThat(m.authorizationScopes()).containsExactly("pets/write");
        assertThat(m.apiKeyRequired()).isTrue();
        assertThat(m.operationName()).isEqualTo("CreatePet");
        assertThat(m.requestValidatorId()).isEqualTo("val123");
        assertThat(m.requestModels()).containsExactly(Map.entry("application/json", "Pet"));
        assertThat(m.requestParameters())
                .containsOnly(
                        Map.entry("method.request.header.X-Trace", false),
                        Map.entry("method.request.querystring.dryRun", true),
                        Map.entry("method.request.path.id", true));

        // an authorizer id means nothing without CUSTOM or Cognito authorization
        put(api, "GET", r -> r.authorizationType("AWS_IAM").authorizerId("auth12"));
        assertThat(get(api, "GET").authorizerId()).isNull();
    }

    @Test
    void putMethodAnswersAwsValidationErrors() {
        String[] api = api();
        notFound(
                () -> client.putMethod(r -> r.restApiId("fakeapi000")
                        .resourceId(api[1])
                        .httpMethod("WRONG")
                        .authorizationType("NONE")),
                "Invalid Resource identifier specified");
        notFound(
                () -> client.putMethod(r -> r.restApiId(api[0])
                        .resourceId("fake00")
                        .httpMethod("WRONG")
                        .authorizationType("NONE")),
                "Invalid Resource identifier specified");
        badRequest(
                () -> put(api, "WRONG", r -> {}),
                "Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY");
        badRequest(() -> put(api, "ANY", r -> r.authorizationType("CUSTOM")), AUTHORIZER_REQUIRED);
        badRequest(() -> put(api, "ANY", r -> r.authorizationType("COGNITO_USER_POOLS")), AUTHORIZER_REQUIRED);
        badRequest(
                () -> put(api, "ANY", r -> r.authorizationType("BASIC")),
                "Invalid authorization type specified: BASIC (expected: one of [NONE, AWS_IAM, CUSTOM,"
                        + " COGNITO_USER_POOLS])");
        badRequest(
                () -> put(api, "ANY", r -> r.requestValidatorId("fake-validator")),
                "Invalid Request Validator identifier specified");
        badRequest(
                () -> put(api, "ANY", r -> r.requestModels(Map.of("application/json", "petModel"))),
                "Invalid model identifier specified: petModel");
        badRequest(
                () -> put(
                        api,
                        "GET",
                        r -> r.requestParameters(Map.of(
                                "method.request.querystring.optional",
                                false,
                                "method.request.header.optional",
                                false))),
                "Parameter names must be unique across querystring, header and path");
        badRequest(
                () -> put(api, "GET", r -> r.requestParameters(Map.of("true", true))),
                "Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping"
                        + " expression specified: true]");
        notFound(() -> get(api, "ANY"), "Invalid Method identifier specified");
        notFound(() -> get(api, "GET"), "Invalid Method identifier specified");
    }

    @Test
    void updatesAMethodWithPatchOperations() {
        String[] api = api();
        admin.store.write(tx -> {
            tx.put(Kinds.AUTHORIZER, api[0], "abc123", tokenAuthorizer("abc123"));
            return null;
        });
        put(api, "ANY", r -> {});

        var added = update(
                api,
                "ANY",
                op(Op.ADD, "/requestParameters/method.request.querystring.optional", "true"),
                op(Op.ADD, "/requestModels/application~1json", "Empty"));
        assertThat(added.requestParameters()).containsExactly(Map.entry("method.request.querystring.optional", true));
        assertThat(added.requestModels()).containsExactly(Map.entry("application/json", "Empty"));

        var replaced = update(
                api,
                "ANY",
                op(Op.REPLACE, "/operationName", "ReplacedOperationName"),
                op(Op.REPLACE, "/apiKeyRequired", "true"),
                op(Op.REPLACE, "/authorizationType", "AWS_IAM"),
                op(Op.REPLACE, "/requestParameters/method.request.querystring.optional", "false"));
        assertThat(replaced.operationName()).isEqualTo("ReplacedOperationName");
        assertThat(replaced.apiKeyRequired()).isTrue();
        assertThat(replaced.authorizationType()).isEqualTo("AWS_IAM");
        assertThat(replaced.requestParameters())
                .containsExactly(Map.entry("method.request.querystring.optional", false));

        var custom = update(
                api, "ANY", op(Op.REPLACE, "/authorizerId", "abc123"), op(Op.REPLACE, "/authorizationType", "CUSTOM"));
        assertThat(custom.authorizationType()).isEqualTo("CUSTOM");
        assertThat(custom.authorizerId()).isEqualTo("abc123");

        var removed = update(
                api,
                "ANY",
                op(Op.REMOVE, "/requestParameters/method.request.querystring.optional", null),
                op(Op.REMOVE, "/requestModels/application~1json", null));
        assertThat(removed.hasRequestParameters()).isFalse();
        assertThat(removed.hasRequestModels()).isFalse();
        assertThat(removed.authorizerId()).isEqualTo("abc123");

        var scoped = update(
                api,
                "ANY",
                op(Op.ADD, "/authorizationScopes", "read"),
                op(Op.ADD, "/authorizationScopes", "write"),
                op(Op.REMOVE, "/authorizationScopes", "read"));
        assertThat(scoped.authorizationScopes()).containsExactly("write");

        var none = update(api, "ANY", op(Op.REPLACE, "/authorizationType", "NONE"));
        assertThat(none.authorizerId()).isNull();
        assertThat(get(api, "ANY").operationName()).isEqualTo("ReplacedOperationName");
    }

    @Test
    void updateMethodAnswersAwsErrorsAndRejectedPatchesChangeNothing() {
        String[] api = api();
        notFound(
                () -> client.updateMethod(
                        r -> r.restApiId("fakeapi000").resourceId(api[1]).httpMethod("ANY")),
                "Invalid Resource identifier specified");
        notFound(
                () -> update(api, "GET", op(Op.REPLACE, "/operationName", "x")), "Invalid Method identifier specified");
        put(api, "ANY", r -> r.apiKeyRequired(true).operationName("Original"));

        String replaceOnly = "Invalid patch operation specified. Must be one of: [replace]";
        badRequest(() -> update(api, "ANY", op(Op.ADD, "/operationName", "x")), replaceOnly);
        badRequest(() -> update(api, "ANY", op(Op.ADD, "/requestValidatorId", "wrong-id")), replaceOnly);
        badRequest(() -> update(api, "ANY", op(Op.ADD, "/httpMethod", "PUT")), "Invalid patch path /httpMethod");
        badRequest(
                () -> update(api, "ANY", op(Op.REPLACE, "/requestParameters", "x=false")),
                "Invalid patch path /requestParameters");
        badRequest(
                () -> update(api, "ANY", op(Op.ADD, "/requestModels/application/json", "Empty")),
                "Invalid patch path /requestModels/application/json");
        badRequest(() -> update(api, "ANY", op(Op.REPLACE, "/authorizationType", "CUSTOM")), AUTHORIZER_REQUIRED);
        badRequest(
                () -> update(api, "ANY", op(Op.REPLACE, "/requestValidatorId", "fake-id")),
                "Invalid Request Validator identifier specified");
        badRequest(
                () -> update(api, "ANY", op(Op.ADD, "/requestModels/application~1json", "Nope")),
                "Invalid model identifier specified: Nope");
        notFound(
                () -> update(api, "ANY", op(Op.REPLACE, "/requestParameters/method.request.header.absent", "true")),
                "Invalid parameter name specified");
        badRequest(
                () -> update(
                        api,
                        "ANY",
                        op(Op.REPLACE, "/operationName", "Changed"),
                        op(Op.ADD, "/requestParameters/method.request.header.a", "true"),
                        op(Op.ADD, "/requestParameters/method.request.querystring.a", "true")),
                "Parameter names must be unique across querystring, header and path");

        var unchanged = get(api, "ANY");
        assertThat(unchanged.operationName()).isEqualTo("Original");
        assertThat(unchanged.hasRequestParameters()).isFalse();
        assertThat(unchanged.authorizationType()).isEqualTo("NONE");

        // AWS takes anything but "true" as false, and ignores an authorizer on a NONE method
        var lenient = update(
                api, "ANY", op(Op.REPLACE, "/apiKeyRequired", "whatever"), op(Op.REPLACE, "/authorizerId", "abc123"));
        assertThat(lenient.apiKeyRequired()).isFalse();
        assertThat(lenient.authorizerId()).isNull();
    }

    @Test
    void methodResponsesLiveOnTheirMethod() {
        String[] api = api();
        put(api, "GET", r -> {});
        var created = client.putMethodResponse(r -> r.restApiId(api[0])
                .resourceId(api[1])
                .httpMethod("GET")
                .statusCode("200")
                .responseParameters(Map.of())
                .responseModels(Map.of()));
        assertThat(created.sdkHttpResponse().statusCode()).isEqualTo(201);
        assertThat(created.statusCode()).isEqualTo("200");
        HttpResponse<String> raw = admin.signed(
                "GET", "/restapis/" + api[0] + "/resources/" + api[1] + "/methods/GET/responses/200", null);
        assertThat(raw.body()).isEqualTo("{\"statusCode\":\"200\",\"responseParameters\":{},\"responseModels\":{}}");

        var added = client.updateMethodResponse(r -> r.restApiId(api[0])
                .resourceId(api[1])
                .httpMethod("GET")
                .statusCode("200")
                .patchOperations(
                        op(Op.ADD, "/responseParameters/method.response.header.my-header", "true"),
                        op(Op.ADD, "/responseModels/application~1json", "Empty")));
        assertThat(added.sdkHttpResponse().statusCode()).isEqualTo(201);
        assertThat(added.responseParameters()).containsExactly(Map.entry("method.response.header.my-header", true));
        assertThat(added.responseModels()).containsExactly(Map.entry("application/json", "Empty"));

        var method = get(api, "GET");
        assertThat(method.methodResponses()).containsOnlyKeys("200");
        assertThat(method.methodResponses().get("200").responseModels()).containsEntry("application/json", "Empty");

        var removed = client.updateMethodResponse(r -> r.restApiId(api[0])
                .resourceId(api[1])
                .httpMethod("GET")
                .statusCode("200")
                .patchOperations(
                        op(Op.REMOVE, "/responseParameters/method.response.header.my-header", null),
                        op(Op.REMOVE, "/responseModels/application~1json", null)));
        assertThat(removed.hasResponseParameters()).isFalse();
        assertThat(removed.hasResponseModels()).isFalse();

        var replacedWholesale = client.putMethodResponse(r -> r.restApiId(api[0])
                .resourceId(api[1])
                .httpMethod("GET")
                .statusCode("200")
                .responseParameters(Map.of("method.response.header.X-Id", false)));
        assertThat(replacedWholesale.responseParameters()).containsOnlyKeys("method.response.header.X-Id");

        var deleted = client.deleteMethodResponse(
                r -> r.restApiId(api[0]).resourceId(api[1]).httpMethod("GET").statusCode("200"));
        assertThat(deleted.sdkHttpResponse().statusCode()).isEqualTo(204);
        notFound(
                () -> client.getMethodResponse(r ->
                        r.restApiId(api[0]).resourceId(api[1]).httpMethod("GET").statusCode("200")),
                "Invalid Response status code specified");
        assertThat(get(api, "GET").hasMethodResponses()).isFalse();
    }

    @Test
    void methodResponsesAnswerAwsErrors() {
        String[] api = api();
        put(api, "GET", r -> {});
        client.putMethodResponse(r -> r.restApiId(api[0])
                .resourceId(api[1])
                .httpMethod("GET")
                .statusCode("200")
                .responseParameters(Map.of("method.response.header.my-header", false))
                .responseModels(Map.of("application/json", "Empty")));

        fails(
                () -> client.getMethodResponse(r ->
                        r.restApiId(api[0]).resourceId(api[1]).httpMethod("GET").statusCode("wrong")),
                400,
                "ValidationException",
                "1 validation error detected: Value 'wrong' at 'statusCode' failed to satisfy constraint: Member must"
                        + " satisfy regular expression pattern: [1-5]\\d\\d");
        notFound(
                () -> client.updateMethodResponse(r -> r.restApiId(api[0])
                        .resourceId(api[1])
                        .httpMethod("GET")
                        .statusCode("201")
                        .patchOperations(
                                op(Op.REPLACE, "/responseParameters/method.response.header.my-header", "true"))),
                "Invalid Response status code specified");
        notFound(
                () -> client.putMethodResponse(r -> r.restApiId(api[0])
                        .resourceId("wrong0")
                        .httpMethod("GET")
                        .statusCode("200")),
                "Invalid Resource identifier specified");
        notFound(
                () -> client.putMethodResponse(r -> r.restApiId(api[0])
                        .resourceId(api[1])
                        .httpMethod("POST")
                        .statusCode("200")),
                "Invalid Method identifier specified");
        badRequest(
                () -> client.putMethodResponse(r -> r.restApiId(api[0])
                        .resourceId(api[1])
                        .httpMethod("GET")
                        .statusCode("400")
                        .responseModels(Map.of("application/json", "Nope"))),
                "Invalid model identifier specified: Nope");
        badRequest(
                () -> client.putMethodResponse(r -> r.restApiId(api[0])
                        .resourceId(api[1])
                        .httpMethod("GET")
                        .statusCode("400")
                        .responseParameters(Map.of("header.X", true))),
                "Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping"
                        + " expression specified: header.X]");

        for (Op o : new Op[] {Op.REPLACE, Op.REMOVE}) {
            notFound(
                    () -> updateResponse(api, op(o, "/responseParameters/wrong", "true")),
                    "Invalid parameter name specified");
            notFound(
                    () -> updateResponse(api, op(o, "/responseModels/wrong", "Empty")),
                    "Content-Type specified was not found");
        }
        badRequest(
                () -> updateResponse(api, op(Op.REMOVE, "/wrong/method.response.header.my-header", null)),
                "Invalid patch path /wrong/method.response.header.my-header");
        badRequest(
                () -> updateResponse(
                        api,
                        op(Op.REMOVE, "/responseParameters/method.response.header.my-header", null),
                        op(Op.ADD, "/responseModels/application~1json", "Nope")),
                "Invalid model identifier specified: Nope");

        var unchanged = client.getMethodResponse(
                r -> r.restApiId(api[0]).resourceId(api[1]).httpMethod("GET").statusCode("200"));
        assertThat(unchanged.responseParameters())
                .containsExactly(Map.entry("method.response.header.my-header", false));
        assertThat(unchanged.responseModels()).containsExactly(Map.entry("application/json", "Empty"));
    }

    private static void updateResponse(String[] api, PatchOperation... ops) {
        client.updateMethodResponse(r -> r.restApiId(api[0])
                .resourceId(api[1])
                .httpMethod("GET")
                .statusCode("200")
                .patchOperations(ops));
    }

    /** Methods may only name authorizers the API has (checked since authorizers exist). */
    static io.turnpike.model.rest.Authorizer tokenAuthorizer(String id) {
        return new io.turnpike.model.rest.Authorizer(
                id,
                "tok",
                "TOKEN",
                null,
                null,
                "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
                        + "arn:aws:lambda:us-east-1:123456789012:function:f/invocations",
                null,
                "method.request.header.Authorization",
                null,
                300);
    }

    static io.turnpike.model.rest.Authorizer cognitoAuthorizer(String id) {
        return new io.turnpike.model.rest.Authorizer(
                id,
                "pool",
                "COGNITO_USER_POOLS",
                java.util.List.of("arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Pool1"),
                null,
                null,
                null,
                "method.request.header.Authorization",
                null,
                300);
    }
}
