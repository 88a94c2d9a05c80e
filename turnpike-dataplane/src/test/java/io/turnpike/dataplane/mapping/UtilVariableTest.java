package io.turnpike.dataplane.mapping;

import static io.turnpike.dataplane.mapping.Templates.output;
import static io.turnpike.dataplane.mapping.Templates.render;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code $util}: the six documented functions and their quirks. */
class UtilVariableTest {

    @Test
    void escapeJavaScriptEscapesSingleQuotesTheWayAwsDocuments() {
        // AWS: "turns any regular single quotes (') into escaped ones (\')".
        assertThat(output("$util.escapeJavaScript(\"it's\")")).isEqualTo("it\\'s");
    }

    @Test
    void docsWorkaroundTurnsEscapedSingleQuotesBack() {
        assertThat(output("$util.escapeJavaScript(\"it's\").replaceAll(\"\\\\'\",\"'\")"))
                .isEqualTo("it's");
    }

    @Test
    void escapeJavaScriptFollowsCommonsLangRules() {
        String template = "$util.escapeJavaScript($input.path('$.s'))";
        String body = "{\"s\":\"a\\\"b\\\\c/d\\n\\t\\r\\b\\f\\u0001é€😀\"}";

        assertThat(output(template, body))
                .isEqualTo("a\\\"b\\\\c\\/d\\n\\t\\r\\b\\f\\u0001\\u00E9\\u20AC\\uD83D\\uDE00");
    }

    @Test
    void escapeJavaScriptOfJsonFragmentEscapesItsQuotes() {
        assertThat(output(
                        "$util.escapeJavaScript($input.json('$.message'))",
                        "{\"action\":\"x\",\"message\":\"foobar\"}"))
                .isEqualTo("\\\"foobar\\\"");
        assertThat(output("$util.escapeJavaScript($input.json('$'))", "{\"foo\": 123}"))
                .isEqualTo("{\\\"foo\\\":123}");
    }

    @Test
    void escapeJavaScriptAcceptsNumbersAndRendersNothingForMissing() {
        assertThat(output(
                        "$util.escapeJavaScript($input.path('$.n'))|$util.escapeJavaScript($input.path('$.none'))|",
                        "{\"n\":1.5}"))
                .isEqualTo("1.5||");
    }

    @Test
    void parseJsonGivesNavigableValues() {
        // DG $util.parseJson example.
        String body = "{\"errorMessage\":\"{\\\"key1\\\":\\\"var1\\\",\\\"key2\\\":{\\\"arr\\\":[1,2,3]}}\"}";
        String template = "#set ($errorMessageObj = $util.parseJson($input.path('$.errorMessage')))"
                + "{\"errorMessageObjKey2ArrVal\" : $errorMessageObj.key2.arr[0]}";

        assertThat(output(template, body)).isEqualTo("{\"errorMessageObjKey2ArrVal\" : 1}");
    }

    @Test
    void parseJsonOfScalarsAndContainers() {
        assertThat(output("$util.parseJson('[1,2,3]')[0] $util.parseJson('\"string\"') $util.parseJson('1') "
                        + "$util.parseJson('true') $util.parseJson('[]') $util.parseJson('{\"a\":{\"b\":[1]}}')"))
                .isEqualTo("1 string 1 true [] {a={b=[1]}}");
    }

    @Test
    void parseJsonOfInvalidTextFailsTheRender() {
        TemplateResult result = render("$util.parseJson('{nope')", "");

        assertThat(result.failed()).isTrue();
        assertThat(result.error()).startsWith("line 1, column 7: parseJson() failed: $util.parseJson: not valid JSON");
        assertThat(result.output()).isEmpty();
    }

    @Test
    void urlEncodeUsesFormEncoding() {
        // Recorded: {"some": "value"} -> %7B%22some%22%3A+%22value%22%7D
        assertThat(output("$util.urlEncode($input.body)", "{\"some\": \"value\"}"))
                .isEqualTo("%7B%22some%22%3A+%22value%22%7D");
        assertThat(output("$util.urlEncode('x=a+b é~*')")).isEqualTo("x%3Da%2Bb+%C3%A9%7E*");
    }

    @Test
    void urlDecodeTurnsPlusIntoSpace() {
        assertThat(output("$util.urlDecode('x=a+b%2Bc%C3%A9')")).isEqualTo("x=a b+cé");
    }

    @Test
    void urlDecodeOfMalformedEscapeFailsTheRender() {
        assertThat(render("$util.urlDecode('%zz')", "").error()).contains("urlDecode() failed");
    }

    @Test
    void base64RoundTripsUtf8() {
        assertThat(output("$util.base64Encode('héllo wörld')")).isEqualTo("aMOpbGxvIHfDtnJsZA==");
        assertThat(output("$util.base64Decode('aMOpbGxvIHfDtnJsZA==')")).isEqualTo("héllo wörld");
    }

    @Test
    void base64DecodeAcceptsUrlSafeAlphabetAndMissingPadding() {
        // "??>" encodes to Pz8+ (standard) and Pz8- (URL-safe).
        assertThat(output("$util.base64Decode('Pz8-') $util.base64Decode('aGk')"))
                .isEqualTo("??> hi");
    }

    @Test
    void base64DecodeOfGarbageFailsTheRender() {
        assertThat(render("$util.base64Decode('a')", "").error()).contains("base64Decode() failed");
    }

    @Test
    void undocumentedFunctionsRenderNothing() {
        assertThat(output("[$util.toJson($input.path('$'))]", "{\"a\":1}")).isEqualTo("[]");
    }
}
