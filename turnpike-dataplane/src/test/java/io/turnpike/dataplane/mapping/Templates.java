package io.turnpike.dataplane.mapping;

import java.util.List;
import java.util.Map;

/** Test fixture: one engine for the tests and short ways to render a template against a request. */
final class Templates {
    static final TemplateEngine ENGINE = new TemplateEngine();

    private Templates() {}

    /** Renders against a body alone and returns the result. */
    static TemplateResult render(String template, String body) {
        return ENGINE.compile(template).render(TemplateInput.ofBody(body));
    }

    /** Renders against a body alone and returns the output, failing the test if the render failed. */
    static String output(String template, String body) {
        TemplateResult result = render(template, body);
        if (result.failed()) {
            throw new AssertionError("render failed: " + result.error());
        }
        return result.output();
    }

    /** The output for a template that does not look at the body. */
    static String output(String template) {
        return output(template, "");
    }

    /**
     * A typical request: path {@code id=abc}, query {@code q=1&q=2&name=jane}, headers {@code
     * X-Custom: a, b} and {@code Accept}, stage {@code dev}, stage variable {@code backend}.
     */
    static TemplateInput request(String body) {
        return new TemplateInput(
                body,
                Map.of("id", "abc"),
                ordered("q", List.of("1", "2"), "name", List.of("jane")),
                ordered("X-Custom", List.of("a", "b"), "Accept", List.of("application/json")),
                Map.of(
                        "stage",
                        "dev",
                        "httpMethod",
                        "POST",
                        "requestTimeEpoch",
                        1_700_000_000_000L,
                        "identity",
                        Map.of("sourceIp", "192.0.2.1", "userAgent", "curl/8"),
                        "authorizer",
                        Map.of("principalId", "user-1", "claims", Map.of("custom:role", "admin"))),
                Map.of("backend", "https://example.com"));
    }

    static <V> Map<String, V> ordered(String k1, V v1, String k2, V v2) {
        Map<String, V> map = new java.util.LinkedHashMap<>();
        map.put(k1, v1);
        map.put(k2, v2);
        return map;
    }
}
