package io.turnpike.dataplane.validation;

import static io.turnpike.dataplane.validation.Fixtures.ALL;
import static io.turnpike.dataplane.validation.Fixtures.BODY_ONLY;
import static io.turnpike.dataplane.validation.Fixtures.PARAMS_ONLY;
import static io.turnpike.dataplane.validation.Fixtures.method;
import static io.turnpike.dataplane.validation.Fixtures.models;
import static io.turnpike.dataplane.validation.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Required request parameters, with the messages AWS answers (recorded on AWS where noted). */
class RequestValidationParametersTest {

    /** The method of LocalStack's AWS-recorded test_api_gateway_request_validator, after its update. */
    private static final Map<String, Boolean> RECORDED = Map.of(
            "method.request.path.issuer", true,
            "method.request.querystring.qs1", true,
            "method.request.header.x-header-param", true);

    private static RequestValidation compile(Map<String, Boolean> params) {
        return RequestValidation.compile(PARAMS_ONLY, method(params, null), models());
    }

    private static String missing(RequestValidation v, Fixtures.Request r) {
        Optional<ValidationFailure> failure = v.validate(r.input());
        assertThat(failure).isPresent();
        assertThat(failure.get().responseType()).isEqualTo("BAD_REQUEST_PARAMETERS");
        assertThat(failure.get().validationErrorString())
                .isEqualTo(failure.get().message());
        return failure.get().message();
    }

    @Test
    void allMissingAreListedInRecordedOrder() {
        RequestValidation v = compile(RECORDED);
        // POST /nested/value with only a body: the resource has {test}, not {issuer}.
        assertThat(missing(v, request().path("test", "value").body("{\"test\":\"test\"}")))
                .isEqualTo("Missing required request parameters: [x-header-param, issuer, qs1]");
    }

    @Test
    void onlyTheMissingHeaderIsListed() {
        RequestValidation v = compile(Map.of(
                "method.request.path.test", true,
                "method.request.querystring.qs1", true,
                "method.request.header.x-header-param", true));
        assertThat(missing(v, request().path("test", "value").query("qs1", "test")))
                .isEqualTo("Missing required request parameters: [x-header-param]");
        assertThat(missing(v, request().path("test", "value").header("x-header-param", "test")))
                .isEqualTo("Missing required request parameters: [qs1]");
        assertThat(v.validate(request()
                        .path("test", "value")
                        .query("qs1", "test")
                        .header("x-header-param", "test")
                        .input()))
                .isEmpty();
    }

    @Test
    void blankValuesCountAsMissing() {
        RequestValidation v = compile(Map.of("method.request.querystring.q1", true, "method.request.header.h1", true));
        // GET /validation?q1= (developer guide: "Because the required parameter of q1 is blank").
        assertThat(missing(v, request().query("q1", "").header("h1", "v1")))
                .isEqualTo("Missing required request parameters: [q1]");
        assertThat(missing(v, request().query("q1", "cat").header("h1", "  ")))
                .isEqualTo("Missing required request parameters: [h1]");
        assertThat(v.validate(request().query("q1", "cat").header("h1", "v1").input()))
                .isEmpty();
    }

    @Test
    void singleValuedParametersAreTheirLastValue() {
        RequestValidation v = compile(Map.of("method.request.querystring.q", true, "method.request.header.h", true));
        assertThat(missing(v, request().query("q", "a", "").header("h", "v")))
                .isEqualTo("Missing required request parameters: [q]");
        assertThat(missing(v, request().query("q", "a").header("h", "v", "")))
                .isEqualTo("Missing required request parameters: [h]");
        assertThat(v.validate(request().query("q", "", "a").header("h", "", "v").input()))
                .isEmpty();
    }

    @Test
    void multiValuedParametersNeedOneValueThatIsNotBlank() {
        RequestValidation v = compile(Map.of(
                "method.request.multivaluequerystring.tag", true, "method.request.multivalueheader.x-ids", true));
        assertThat(v.validate(
                        request().query("tag", "", "a").header("X-Ids", "1", "").input()))
                .isEmpty();
        assertThat(missing(v, request().query("tag", "", " ").header("x-ids", "1")))
                .isEqualTo("Missing required request parameters: [tag]");
        assertThat(missing(v, request().query("tag", "a"))).isEqualTo("Missing required request parameters: [x-ids]");
        assertThat(missing(v, request().query("other", "a").header("x-ids", "")))
                .isEqualTo("Missing required request parameters: [x-ids, tag]");
    }

    @Test
    void headerNamesMatchWhateverTheirCase() {
        RequestValidation declaredMixed = compile(Map.of("method.request.header.X-Header-Param", true));
        assertThat(declaredMixed.validate(
                        request().header("x-header-param", "v").input()))
                .isEmpty();
        RequestValidation declaredLower = compile(Map.of("method.request.header.x-api-version", true));
        assertThat(declaredLower.validate(request().header("X-API-VERSION", "2").input()))
                .isEmpty();
        assertThat(missing(declaredLower, request().header("X-API-VERSIONS", "2")))
                .isEqualTo("Missing required request parameters: [x-api-version]");
    }

    @Test
    void aHeaderSentUnderTwoSpellingsIsItsLastValue() {
        RequestValidation v = compile(Map.of("method.request.header.h", true));
        assertThat(missing(v, request().header("H", "v").header("h", "")))
                .isEqualTo("Missing required request parameters: [h]");
        assertThat(v.validate(request().header("h", "").header("H", "v").input()))
                .isEmpty();
    }

    @Test
    void queryNamesAreCaseSensitive() {
        RequestValidation v = compile(Map.of("method.request.querystring.page", true));
        assertThat(missing(v, request().query("Page", "1"))).isEqualTo("Missing required request parameters: [page]");
    }

    @Test
    void pathParametersMustBePresentAndNotBlank() {
        RequestValidation v = compile(Map.of("method.request.path.id", true));
        assertThat(v.validate(request().path("id", "42").input())).isEmpty();
        assertThat(v.validate(request().path("id", "test%2Balias@gmail.com").input()))
                .isEmpty();
        assertThat(missing(v, request().path("id", ""))).isEqualTo("Missing required request parameters: [id]");
        assertThat(missing(v, request().path("other", "42"))).isEqualTo("Missing required request parameters: [id]");
    }

    @Test
    void namesAreOrderedByLocationThenName() {
        Map<String, Boolean> params = new LinkedHashMap<>();
        params.put("method.request.querystring.b", true);
        params.put("method.request.querystring.a", true);
        params.put("method.request.path.p", true);
        params.put("method.request.multivaluequerystring.mq", true);
        params.put("method.request.multivalueheader.mh", true);
        params.put("method.request.header.h2", true);
        params.put("method.request.header.h1", true);
        assertThat(missing(compile(params), request()))
                .isEqualTo("Missing required request parameters: [h1, h2, mh, mq, p, a, b]");
    }

    @Test
    void optionalAndUnknownParametersAreNotEnforced() {
        Map<String, Boolean> params = new LinkedHashMap<>();
        params.put("method.request.querystring.optional", false);
        params.put("method.request.querystring.unset", null);
        params.put("method.request.cookie.c", true);
        params.put("method.request.header", true);
        params.put("integration.request.header.x", true);
        params.put("method.request.querystring.needed", true);
        RequestValidation v = compile(params);
        assertThat(missing(v, request())).isEqualTo("Missing required request parameters: [needed]");
        assertThat(v.validate(request().query("needed", "1").input())).isEmpty();
    }

    @Test
    void dottedNamesKeepTheirDots() {
        RequestValidation v = compile(Map.of("method.request.header.x.trace.id", true));
        assertThat(v.validate(request().header("X.Trace.Id", "1").input())).isEmpty();
        assertThat(missing(v, request())).isEqualTo("Missing required request parameters: [x.trace.id]");
    }

    @Test
    void parametersAreOnlyCheckedWhenTheValidatorSaysSo() {
        Map<String, Boolean> params = Map.of("method.request.querystring.q", true);
        assertThat(RequestValidation.compile(BODY_ONLY, method(params, null), models()))
                .isSameAs(RequestValidation.NONE);
        assertThat(RequestValidation.compile(null, method(params, null), models()))
                .isSameAs(RequestValidation.NONE);
        assertThat(RequestValidation.NONE.validate(request().input())).isEmpty();
    }

    @Test
    void parametersAreCheckedBeforeTheBody() {
        RequestValidation v = RequestValidation.compile(
                ALL,
                method(Map.of("method.request.querystring.q", true), Map.of("application/json", "Empty")),
                models());
        Optional<ValidationFailure> failure = v.validate(
                request().contentType("application/json").body("not json").input());
        assertThat(failure).hasValueSatisfying(f -> {
            assertThat(f.responseType()).isEqualTo("BAD_REQUEST_PARAMETERS");
            assertThat(f.message()).isEqualTo("Missing required request parameters: [q]");
        });
        assertThat(v.validate(request()
                        .query("q", "1")
                        .contentType("application/json")
                        .body("not json")
                        .input()))
                .hasValueSatisfying(f -> assertThat(f.responseType()).isEqualTo("BAD_REQUEST_BODY"));
    }
}
