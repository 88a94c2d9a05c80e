package io.turnpike.dataplane.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.turnpike.dataplane.integration.TemplateSelection.Choice;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateSelectionTest {

    static final Map<String, String> JSON_ONLY = Map.of("application/json", "{}");

    @Test
    void requestTemplatesFollowThePassthroughTable() {
        // a template for the type transforms, whatever the behavior
        for (String b : new String[] {"WHEN_NO_MATCH", "WHEN_NO_TEMPLATES", "NEVER", null}) {
            assertThat(TemplateSelection.forRequest(JSON_ONLY, "application/json; charset=UTF-8", b))
                    .isEqualTo(new Choice.Template("application/json"));
        }
        // templates exist, none for the type
        assertThat(TemplateSelection.forRequest(JSON_ONLY, "text/plain", "WHEN_NO_MATCH"))
                .isEqualTo(new Choice.PassThrough());
        assertThat(TemplateSelection.forRequest(JSON_ONLY, "text/plain", "WHEN_NO_TEMPLATES"))
                .isEqualTo(new Choice.Unsupported());
        assertThat(TemplateSelection.forRequest(JSON_ONLY, "text/plain", "NEVER"))
                .isEqualTo(new Choice.Unsupported());
        // no templates at all
        assertThat(TemplateSelection.forRequest(Map.of(), "text/plain", "WHEN_NO_MATCH"))
                .isEqualTo(new Choice.PassThrough());
        assertThat(TemplateSelection.forRequest(null, "text/plain", "WHEN_NO_TEMPLATES"))
                .isEqualTo(new Choice.PassThrough());
        assertThat(TemplateSelection.forRequest(Map.of(), "text/plain", "NEVER"))
                .isEqualTo(new Choice.Unsupported());
    }

    @Test
    void noContentTypeMeansJsonAndDefaultIsTheFallbackKey() {
        assertThat(TemplateSelection.forRequest(JSON_ONLY, null, "NEVER"))
                .isEqualTo(new Choice.Template("application/json"));
        assertThat(TemplateSelection.forRequest(Map.of("$default", "x"), "text/csv", "NEVER"))
                .isEqualTo(new Choice.Template("$default"));
    }

    @Test
    void responseTemplatesFollowAccept() {
        Map<String, String> t = new LinkedHashMap<>();
        t.put("application/xml", "<a/>");
        t.put("application/json", "{}");
        assertThat(TemplateSelection.forResponse(t, "application/xml, application/json"))
                .isEqualTo("application/xml");
        assertThat(TemplateSelection.forResponse(t, "text/html")).isEqualTo("application/json");
        assertThat(TemplateSelection.forResponse(t, null)).isEqualTo("application/json");
        assertThat(TemplateSelection.forResponse(Map.of("text/plain", "x"), "application/json"))
                .isEqualTo("text/plain");
        assertThat(TemplateSelection.forResponse(Map.of(), "application/json")).isNull();
    }
}
