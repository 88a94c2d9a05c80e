package io.turnpike.dataplane.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.turnpike.model.rest.IntegrationResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResponseSelectorTest {

    static IntegrationResponse r(String code, String pattern) {
        return new IntegrationResponse(code, pattern, null, null, null);
    }

    @Test
    void patternsMatchTheWholeSubjectElseTheDefault() {
        ResponseSelector s = ResponseSelector.compile(
                Map.of("200", r("200", null), "400", r("400", "4\\d{2}"), "500", r("500", "5\\d{2}|.*[Ee]rror.*")));
        assertThat(s.select("200").statusCode()).isEqualTo("200");
        assertThat(s.select("404").statusCode()).isEqualTo("400");
        assertThat(s.select("503").statusCode()).isEqualTo("500");
        assertThat(s.select("Internal Error: boom").statusCode()).isEqualTo("500");
        assertThat(s.select("4045").statusCode()).isEqualTo("200"); // partial matches do not count
    }

    @Test
    void withoutADefaultNothingMatchesIsNull() {
        ResponseSelector s = ResponseSelector.compile(Map.of("400", r("400", "4\\d{2}")));
        assertThat(s.select("200")).isNull();
        assertThat(ResponseSelector.compile(null).select("200")).isNull();
    }

    @Test
    void aBadPatternIsACompileError() {
        assertThatThrownBy(() -> ResponseSelector.compile(Map.of("400", r("400", "4(\\d"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("selectionPattern of response 400: 4(\\d (expected: a Java regex)");
    }
}
