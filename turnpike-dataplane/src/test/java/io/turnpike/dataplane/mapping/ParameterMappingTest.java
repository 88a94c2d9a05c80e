package io.turnpike.dataplane.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Request and response parameter mapping. Cases follow the spec table (data-plane-rest.md §6) and
 * LocalStack's {@code test_parameters_mapping.py}, whose multi-value and empty-body cases were checked
 * against AWS.
 */
class ParameterMappingTest {

    private static final Map<String, Object> CONTEXT = Map.of(
            "apiId",
            "test-api",
            "requestTimeEpoch",
            1_700_000_000_000L,
            "identity",
            Map.of("apiKey", "random-api-key", "userAgent", "test/user-agent"),
            "authorizer",
            Map.of("principalId", "user-1", "claims", Map.of("scope", "read")));

    private static MappingSource request(String body) {
        return new MappingSource(
                Map.of("path_value", "test-path-value"),
                Map.of("qs_value", List.of("test-qs-value"), "multi", List.of("value1", "value2")),
                headers("header_value", List.of("test-header-value"), "testMultiHeader", List.of("value1", "value2")),
                body,
                CONTEXT,
                Map.of("test_var", "a stage variable"),
                Map.of(),
                "");
    }

    private static MappingSource response(Map<String, List<String>> headers, String body) {
        return new MappingSource(Map.of(), Map.of(), Map.of(), "", CONTEXT, Map.of("env", "prod"), headers, body);
    }

    private static Map<String, List<String>> headers(String k1, List<String> v1, String k2, List<String> v2) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put(k1, v1);
        headers.put(k2, v2);
        return headers;
    }

    private static MappedParameters mapRequest(Map<String, String> mapping, MappingSource source) {
        return ParameterMapping.compileRequest(mapping).apply(source);
    }

    @Test
    void methodRequestParametersMapToAnyLocation() {
        MappedParameters mapped = mapRequest(
                Map.of(
                        "integration.request.header.test", "method.request.querystring.qs_value",
                        "integration.request.querystring.test", "method.request.path.path_value",
                        "integration.request.path.test", "method.request.header.header_value"),
                request(""));

        assertThat(mapped.headers()).containsExactly(Map.entry("test", List.of("test-qs-value")));
        assertThat(mapped.querystring()).containsExactly(Map.entry("test", List.of("test-path-value")));
        assertThat(mapped.path()).containsExactly(Map.entry("test", "test-header-value"));
    }

    @Test
    void singleValueSourcesTakeTheLastValueAndMultiValueSourcesTakeAll() {
        MappedParameters mapped = mapRequest(
                Map.of(
                        "integration.request.header.test", "method.request.header.testMultiHeader",
                        "integration.request.header.test_multi", "method.request.multivalueheader.testMultiHeader",
                        "integration.request.header.test_multi_solo", "method.request.multivalueheader.header_value",
                        "integration.request.querystring.test", "method.request.querystring.multi",
                        "integration.request.querystring.test_multi", "method.request.multivaluequerystring.multi",
                        "integration.request.querystring.test_multi_solo",
                                "method.request.multivaluequerystring.qs_value",
                        "integration.request.path.joined", "method.request.multivaluequerystring.multi"),
                request(""));

        assertThat(mapped.headers())
                .containsEntry("test", List.of("value2"))
                .containsEntry("test_multi", List.of("value1,value2"))
                .containsEntry("test_multi_solo", List.of("test-header-value"));
        assertThat(mapped.querystring())
                .containsEntry("test", List.of("value2"))
                .containsEntry("test_multi", List.of("value1", "value2"))
                .containsEntry("test_multi_solo", List.of("test-qs-value"));
        assertThat(mapped.path()).containsEntry("joined", "value1,value2");
    }

    @Test
    void headerNamesMatchInAnyCase() {
        MappingSource source = new MappingSource(
                Map.of(),
                Map.of(),
                headers("x-api-version", List.of("2"), "X-API-VERSION", List.of("3")),
                "",
                Map.of(),
                Map.of(),
                Map.of(),
                "");

        MappedParameters mapped = mapRequest(
                Map.of(
                        "integration.request.header.last", "method.request.header.X-Api-Version",
                        "integration.request.header.all", "method.request.multivalueheader.X-Api-Version"),
                source);

        assertThat(mapped.headers()).containsEntry("last", List.of("3")).containsEntry("all", List.of("2,3"));
    }

    @Test
    void pathQueryAndStageVariableNamesAreCaseSensitive() {
        MappedParameters mapped = mapRequest(
                Map.of(
                        "integration.request.header.a", "method.request.querystring.QS_value",
                        "integration.request.header.b", "method.request.path.PATH_value",
                        "integration.request.header.c", "stageVariables.TEST_VAR"),
                request(""));

        assertThat(mapped.isEmpty()).isTrue();
    }

    @Test
    void missingSourcesProduceNothing() {
        MappingSource empty = new MappingSource(Map.of(), Map.of(), Map.of(), "", Map.of(), Map.of(), Map.of(), "");

        MappedParameters mapped = mapRequest(
                Map.of(
                        "integration.request.header.a", "method.request.querystring.qs_value",
                        "integration.request.querystring.b", "method.request.path.path_value",
                        "integration.request.path.c", "method.request.header.header_value",
                        "integration.request.header.d", "method.request.multivalueheader.x",
                        "integration.request.querystring.e", "method.request.multivaluequerystring.x",
                        "integration.request.header.f", "stageVariables.none",
                        "integration.request.header.g", "context.identity.none",
                        "integration.request.header.h", "method.request.body.missing",
                        "integration.request.header.i", "''"),
                empty);

        assertThat(mapped.path()).isEmpty();
        assertThat(mapped.querystring()).isEmpty();
        assertThat(mapped.headers()).isEmpty();
    }

    @Test
    void emptyValuesProduceNothing() {
        MappingSource source = new MappingSource(
                Map.of("p", ""),
                Map.of("q", List.of("")),
                Map.of("h", List.of("")),
                "",
                Map.of(),
                Map.of("s", ""),
                Map.of(),
                "");

        assertThat(mapRequest(
                                Map.of(
                                        "integration.request.path.p", "method.request.path.p",
                                        "integration.request.querystring.q", "method.request.querystring.q",
                                        "integration.request.header.h", "method.request.header.h",
                                        "integration.request.header.s", "stageVariables.s"),
                                source)
                        .isEmpty())
                .isTrue();
    }

    @Test
    void contextVariablesIncludingNestedOnes() {
        MappedParameters mapped = mapRequest(
                Map.of(
                        "integration.request.header.api_id", "context.apiId",
                        "integration.request.header.my_api_key", "context.identity.apiKey",
                        "integration.request.querystring.userAgent", "context.identity.userAgent",
                        "integration.request.header.principal", "context.authorizer.principalId",
                        "integration.request.header.epoch", "context.requestTimeEpoch",
                        "integration.request.header.claims", "context.authorizer.claims"),
                request(""));

        assertThat(mapped.headers())
                .containsEntry("api_id", List.of("test-api"))
                .containsEntry("my_api_key", List.of("random-api-key"))
                .containsEntry("principal", List.of("user-1"))
                .containsEntry("epoch", List.of("1700000000000"))
                .containsEntry("claims", List.of("{\"scope\":\"read\"}"));
        assertThat(mapped.querystring()).containsEntry("userAgent", List.of("test/user-agent"));
    }

    @Test
    void stageVariablesAndStaticValues() {
        MappedParameters mapped = mapRequest(
                Map.of(
                        "integration.request.header.my_stage_var", "stageVariables.test_var",
                        "integration.request.header.X-Amz-Invocation-Type", "'Event'",
                        "integration.request.querystring.quoted", "'a value with spaces, and ''quotes'''"),
                request(""));

        assertThat(mapped.headers())
                .containsEntry("my_stage_var", List.of("a stage variable"))
                .containsEntry("X-Amz-Invocation-Type", List.of("Event"));
        assertThat(mapped.querystring()).containsEntry("quoted", List.of("a value with spaces, and ''quotes''"));
    }

    @Test
    void wholeBodyIsSentTrimmedAndEmptyBodyReadsAsEmptyObject() {
        Map<String, String> mapping = Map.of("integration.request.header.body_value", "method.request.body");

        assertThat(mapRequest(mapping, request("<This is a body value>")).headers())
                .containsEntry("body_value", List.of("<This is a body value>"));
        assertThat(mapRequest(mapping, request("  {\"a\": 1}\n")).headers())
                .containsEntry("body_value", List.of("{\"a\": 1}"));
        // Checked against AWS: an empty body maps as "{}".
        assertThat(mapRequest(mapping, request("")).headers()).containsEntry("body_value", List.of("{}"));
    }

    @Test
    void bodyJsonPathSelectsAField() {
        String body = "{\"petstore\":{\"pets\":[{\"name\":\"nested pet name value\",\"type\":\"Dog\",\"age\":3,"
                + "\"tags\":[\"a\"],\"vet\":{\"n\":\"x\"}},{\"name\":\"second\",\"type\":\"Cat\"}]}}";

        MappedParameters mapped = mapRequest(
                Map.of(
                        "integration.request.header.name", "method.request.body.petstore.pets[0].name",
                        "integration.request.header.age", "method.request.body.petstore.pets[0].age",
                        "integration.request.header.tags", "method.request.body.petstore.pets[0].tags",
                        "integration.request.header.vet", "method.request.body.petstore.pets[0].vet",
                        "integration.request.path.type", "method.request.body.petstore.pets[1].type"),
                request(body));

        assertThat(mapped.headers())
                .containsEntry("name", List.of("nested pet name value"))
                .containsEntry("age", List.of("3"))
                .containsEntry("tags", List.of("[\"a\"]"))
                .containsEntry("vet", List.of("{\"n\":\"x\"}"));
        assertThat(mapped.path()).containsEntry("type", "Cat");
    }

    @Test
    void bodyJsonPathThatDoesNotMatchProducesNothing() {
        String body = "{\"petstore\":{\"pets\":{\"name\":\"nested pet name value\",\"type\":\"Dog\"}}}";

        assertThat(mapRequest(
                                Map.of("integration.request.header.v", "method.request.body.petstore.pets[0].name"),
                                request(body))
                        .isEmpty())
                .isTrue();
    }

    @Test
    void bodyThatDoesNotStartLikeJsonIsNotParsed() {
        Map<String, String> mapping = Map.of(
                "integration.request.header.v", "method.request.body.a",
                "integration.request.header.all", "method.request.body");

        MappedParameters mapped = mapRequest(mapping, request("a=1&b=2"));

        assertThat(mapped.headers()).containsExactly(Map.entry("all", List.of("a=1&b=2")));
    }

    @Test
    void bodyStartingWithASingleQuoteIsLenientJson() {
        assertThat(mapRequest(Map.of("integration.request.header.v", "method.request.body.a"), request("{'a': 'x'}"))
                        .headers())
                .containsEntry("v", List.of("x"));
    }

    @Test
    void bodyThatStartsLikeJsonButIsNotFailsOnTheRequestSide() {
        for (String expression : List.of("method.request.body.petstore.pets[0].name", "method.request.body")) {
            ParameterMapping mapping =
                    ParameterMapping.compileRequest(Map.of("integration.request.header.v", expression));

            assertThatThrownBy(() -> mapping.apply(request("\n{wrongjson")))
                    .isInstanceOfSatisfying(InvalidJsonBodyException.class, e -> assertThat(e.requestSide())
                            .isTrue())
                    .hasMessageStartingWith("Invalid JSON in request body");
        }
    }

    @Test
    void bodyIsNotReadWhenNoMappingUsesIt() {
        assertThat(mapRequest(Map.of("integration.request.header.v", "'x'"), request("{broken"))
                        .headers())
                .containsEntry("v", List.of("x"));
    }

    @Test
    void laterMappingToTheSameTargetWins() {
        Map<String, String> mapping = new LinkedHashMap<>();
        mapping.put("integration.request.header.v", "'first'");
        mapping.put("integration.request.header.V", "'second'");

        // Different case, different keys: both are sent as written.
        assertThat(mapRequest(mapping, request("")).headers())
                .containsExactly(Map.entry("v", List.of("first")), Map.entry("V", List.of("second")));
    }

    // --- response side ---

    @Test
    void responseHeadersMapFromIntegrationResponse() {
        Map<String, List<String>> headers =
                headers("x-backend", List.of("b1", "b2"), "Content-Type", List.of("text/plain"));
        String body = "{\"result\":{\"id\":\"r-1\",\"n\":2}}";

        MappedParameters mapped = ParameterMapping.compileResponse(Map.of(
                        "method.response.header.X-Last", "integration.response.header.X-Backend",
                        "method.response.header.X-All", "integration.response.multivalueheader.x-backend",
                        "method.response.header.X-Id", "integration.response.body.result.id",
                        "method.response.header.X-N", "integration.response.body.result.n",
                        "method.response.header.X-Body", "integration.response.body",
                        "method.response.header.X-Stage", "stageVariables.env",
                        "method.response.header.X-Api", "context.apiId",
                        "method.response.header.Access-Control-Allow-Origin", "'*'",
                        "method.response.header.X-None", "integration.response.header.absent"))
                .apply(response(headers, body));

        assertThat(mapped.headers())
                .containsEntry("X-Last", List.of("b2"))
                .containsEntry("X-All", List.of("b1,b2"))
                .containsEntry("X-Id", List.of("r-1"))
                .containsEntry("X-N", List.of("2"))
                .containsEntry("X-Body", List.of(body))
                .containsEntry("X-Stage", List.of("prod"))
                .containsEntry("X-Api", List.of("test-api"))
                .containsEntry("Access-Control-Allow-Origin", List.of("*"))
                .doesNotContainKey("X-None");
        assertThat(mapped.path()).isEmpty();
        assertThat(mapped.querystring()).isEmpty();
    }

    @Test
    void emptyIntegrationResponseBodyReadsAsEmptyObject() {
        MappedParameters mapped = ParameterMapping.compileResponse(
                        Map.of("method.response.header.X-Body", "integration.response.body"))
                .apply(response(Map.of(), ""));

        assertThat(mapped.headers()).containsEntry("X-Body", List.of("{}"));
    }

    @Test
    void brokenIntegrationResponseJsonFailsOnTheResponseSide() {
        ParameterMapping mapping =
                ParameterMapping.compileResponse(Map.of("method.response.header.X-Id", "integration.response.body.id"));

        assertThatThrownBy(() -> mapping.apply(response(Map.of(), "[1,")))
                .isInstanceOfSatisfying(InvalidJsonBodyException.class, e -> assertThat(e.requestSide())
                        .isFalse());
    }

    // --- compile-time validation ---

    @ParameterizedTest
    @ValueSource(
            strings = {
                "integration.request.body.x",
                "integration.request.header.",
                "integration.request.header",
                "method.request.header.x",
                "integration.request.header.has space",
            })
    void badRequestKeysAreRejected(String key) {
        assertThatThrownBy(() -> ParameterMapping.compileRequest(Map.of(key, "'v'")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(key);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "method.request.cookie.x",
                "method.request.header.",
                "method.request.header",
                "method.request.bodyx",
                "method.request.body.a['b",
                "integration.response.header.x",
                "context.",
                "context.a..b",
                "stageVariables.",
                "'unterminated",
                "'",
                "plain",
            })
    void badRequestExpressionsAreRejectedNamingTheKey(String expression) {
        assertThatThrownBy(() -> ParameterMapping.compileRequest(Map.of("integration.request.header.x", expression)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("integration.request.header.x: '" + expression + "'");
    }

    @Test
    void responseSideRejectsRequestSourcesAndOtherTargets() {
        assertThatThrownBy(() ->
                        ParameterMapping.compileResponse(Map.of("method.response.header.X", "method.request.header.x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected: integration.response.{header|multivalueheader}.NAME");
        assertThatThrownBy(() -> ParameterMapping.compileResponse(Map.of("method.response.body", "'x'")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("method.response.body (expected: method.response.header.NAME)");
    }

    @Test
    void emptyMappingMapsNothing() {
        ParameterMapping none = ParameterMapping.compileRequest(Map.of());

        assertThat(none.isEmpty()).isTrue();
        assertThat(none.apply(request("{}")).isEmpty()).isTrue();
    }
}
