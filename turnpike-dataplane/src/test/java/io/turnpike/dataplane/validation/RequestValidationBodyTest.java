package io.turnpike.dataplane.validation;

import static io.turnpike.dataplane.validation.Fixtures.ALL;
import static io.turnpike.dataplane.validation.Fixtures.BODY_ONLY;
import static io.turnpike.dataplane.validation.Fixtures.PARAMS_ONLY;
import static io.turnpike.dataplane.validation.Fixtures.method;
import static io.turnpike.dataplane.validation.Fixtures.model;
import static io.turnpike.dataplane.validation.Fixtures.models;
import static io.turnpike.dataplane.validation.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.turnpike.model.rest.Model;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which model a body is validated against, empty and non-JSON bodies, and the failure AWS answers. */
class RequestValidationBodyTest {

    /** The model of LocalStack's AWS-recorded test_api_gateway_request_validator. */
    static final Model TEST_SCHEMA = model(
            "testSchema",
            "{\"$schema\":\"http://json-schema.org/draft-04/schema#\",\"title\":\"testSchema\",\"type\":\"object\","
                    + "\"properties\":{\"a\":{\"type\":\"number\"},\"b\":{\"type\":\"number\"}},\"required\":[\"a\",\"b\"]}");

    static final Model TEXT = model("Text", "{\"type\":\"object\",\"required\":[\"text\"]}");
    static final Model ANYTHING = model("Anything", "{\"type\":\"object\",\"required\":[\"any\"]}");

    private static RequestValidation compile(Map<String, String> requestModels, Model... extra) {
        return RequestValidation.compile(BODY_ONLY, method(null, requestModels), models(extra));
    }

    private static ValidationFailure invalid(RequestValidation v, Fixtures.Request r) {
        Optional<ValidationFailure> failure = v.validate(r.input());
        assertThat(failure).isPresent();
        assertThat(failure.get().responseType()).isEqualTo("BAD_REQUEST_BODY");
        assertThat(failure.get().message()).isEqualTo("Invalid request body");
        return failure.get();
    }

    @Test
    void recordedBodyThatMissesRequiredPropertiesFails() {
        RequestValidation v = compile(Map.of("application/json", "testSchema"), TEST_SCHEMA);
        ValidationFailure f =
                invalid(v, request().contentType("application/json").body("{\"test\":\"test\"}"));
        assertThat(f.validationErrorString()).isEqualTo("[object has missing required properties ([\"a\",\"b\"])]");
        assertThat(v.validate(request()
                        .contentType("application/json")
                        .body("{\"a\": 1, \"b\": 2}")
                        .input()))
                .isEmpty();
    }

    @Test
    void anEmptyBodyIsValidatedAsAnEmptyObject() {
        RequestValidation v = compile(Map.of("application/json", "testSchema"), TEST_SCHEMA);
        // Recorded: GET with no body (with or without Content-Type: application/json) answers 400.
        assertThat(invalid(v, request()).validationErrorString())
                .isEqualTo("[object has missing required properties ([\"a\",\"b\"])]");
        assertThat(invalid(v, request().contentType("application/json")).validationErrorString())
                .isEqualTo("[object has missing required properties ([\"a\",\"b\"])]");
        RequestValidation empty = compile(Map.of("application/json", "Empty"));
        assertThat(empty.validate(request().input())).isEmpty();
        assertThat(empty.validate(request().body("  \n").input())).isEmpty();
    }

    @Test
    void aBodyThatIsNotJsonFails() {
        RequestValidation v = compile(Map.of("application/json", "Empty"));
        ValidationFailure f =
                invalid(v, request().contentType("application/json").body("name=Marco&type=dog"));
        assertThat(f.validationErrorString()).startsWith("[Unrecognized token 'name'");
        invalid(v, request().body("{\"a\":1"));
        invalid(v, request().body("{\"a\":1} trailing"));
        invalid(v, request().body("{} {}"));
    }

    @Test
    void jsonThatIsNotAnObjectFailsTheEmptyModel() {
        RequestValidation v = compile(Map.of("application/json", "Empty"));
        assertThat(invalid(v, request().body("[1,2]")).validationErrorString())
                .isEqualTo("[instance type (array) does not match any allowed primitive type (allowed: [\"object\"])]");
        assertThat(invalid(v, request().body("null")).validationErrorString())
                .isEqualTo("[instance type (null) does not match any allowed primitive type (allowed: [\"object\"])]");
        assertThat(invalid(v, request().body("\"text\"")).validationErrorString())
                .isEqualTo(
                        "[instance type (string) does not match any allowed primitive type (allowed: [\"object\"])]");
    }

    @Test
    void theModelIsChosenByTheMediaTypeOfTheContentType() {
        Map<String, String> requestModels = new LinkedHashMap<>();
        requestModels.put("application/json", "testSchema");
        requestModels.put("text/plain", "Text");
        RequestValidation v = compile(requestModels, TEST_SCHEMA, TEXT);

        String textOnly = "{\"text\":\"hi\"}";
        assertThat(invalid(
                                v,
                                request()
                                        .contentType("application/json; charset=UTF-8")
                                        .body(textOnly))
                        .validationErrorString())
                .isEqualTo("[object has missing required properties ([\"a\",\"b\"])]");
        assertThat(v.validate(request().contentType("text/plain").body(textOnly).input()))
                .isEmpty();
        assertThat(v.validate(request()
                        .contentType("Text/Plain;charset=utf-8")
                        .body(textOnly)
                        .input()))
                .isEmpty();
        assertThat(invalid(v, request().contentType("text/plain").body("{\"a\":1,\"b\":2}"))
                        .validationErrorString())
                .isEqualTo("[object has missing required properties ([\"text\"])]");
    }

    @Test
    void noContentTypeMeansApplicationJson() {
        RequestValidation v = compile(Map.of("application/json", "testSchema"), TEST_SCHEMA);
        invalid(v, request().body("{\"a\":1}"));
        assertThat(v.validate(request().body("{\"a\":1,\"b\":2}").input())).isEmpty();
    }

    @Test
    void anUnmatchedContentTypeIsNotValidated() {
        RequestValidation v = compile(Map.of("application/json", "testSchema"), TEST_SCHEMA);
        assertThat(v.validate(
                        request().contentType("application/xml").body("<pet/>").input()))
                .isEmpty();
        assertThat(v.validate(request().contentType("text/plain").body("{}").input()))
                .isEmpty();
    }

    @Test
    void anUnmatchedContentTypeUsesTheDefaultModel() {
        Map<String, String> requestModels = new LinkedHashMap<>();
        requestModels.put("application/json", "testSchema");
        requestModels.put("$default", "Anything");
        RequestValidation v = compile(requestModels, TEST_SCHEMA, ANYTHING);
        assertThat(invalid(v, request().contentType("application/xml").body("{}"))
                        .validationErrorString())
                .isEqualTo("[object has missing required properties ([\"any\"])]");
        assertThat(v.validate(request()
                        .contentType("application/xml")
                        .body("{\"any\":1}")
                        .input()))
                .isEmpty();
        invalid(v, request().contentType("application/xml").body("<pet/>"));
        // An exact match still wins over $default.
        assertThat(invalid(v, request().contentType("application/json").body("{\"any\":1}"))
                        .validationErrorString())
                .isEqualTo("[object has missing required properties ([\"a\",\"b\"])]");
    }

    @Test
    void onlyADefaultModelValidatesEveryContentType() {
        RequestValidation v = compile(Map.of("$default", "testSchema"), TEST_SCHEMA);
        invalid(v, request().contentType("application/json").body("{}"));
        invalid(v, request().contentType("image/png").body("{}"));
        invalid(v, request().body("{}"));
        assertThat(v.validate(request()
                        .contentType("text/csv")
                        .body("{\"a\":1,\"b\":2}")
                        .input()))
                .isEmpty();
    }

    @Test
    void withoutModelsOrBodyValidationTheBodyIsNotChecked() {
        assertThat(RequestValidation.compile(BODY_ONLY, method(null, null), models()))
                .isSameAs(RequestValidation.NONE);
        assertThat(RequestValidation.compile(BODY_ONLY, method(null, Map.of()), models()))
                .isSameAs(RequestValidation.NONE);
        RequestValidation paramsOnly = RequestValidation.compile(
                PARAMS_ONLY,
                method(Map.of("method.request.querystring.q", true), Map.of("application/json", "testSchema")),
                models(TEST_SCHEMA));
        assertThat(paramsOnly.validate(
                        request().query("q", "1").body("not json").input()))
                .isEmpty();
    }

    @Test
    void bothChecksRunWithAValidatorForBoth() {
        RequestValidation v = RequestValidation.compile(
                ALL,
                method(Map.of("method.request.header.h1", true), Map.of("application/json", "testSchema")),
                models(TEST_SCHEMA));
        assertThat(v.validate(
                        request().header("h1", "v").body("{\"a\":1,\"b\":2}").input()))
                .isEmpty();
        invalid(v, request().header("h1", "v").body("{\"a\":1}"));
    }
}
