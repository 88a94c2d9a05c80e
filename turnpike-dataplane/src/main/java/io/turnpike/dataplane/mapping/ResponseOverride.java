package io.turnpike.dataplane.mapping;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a template wrote to {@code $context.responseOverride.status|header}: the method response
 * status and headers that replace those the integration response chose. Applies to non-proxy
 * integrations only.
 *
 * @param status 100–599, or {@code null} when the template set none (AWS ignores a status outside
 *     that range or one that is not an integer, and so does {@link CompiledTemplate#render})
 * @param headers header overrides by name, as the template wrote the names; empty when none
 */
public record ResponseOverride(Integer status, Map<String, String> headers) {
    private static final ResponseOverride EMPTY = new ResponseOverride(null, Map.of());

    public ResponseOverride {
        if (status != null && (status < 100 || status > 599)) {
            throw new IllegalArgumentException("status: " + status + " (expected: 100-599 or null)");
        }
        Objects.requireNonNull(headers, "headers");
        headers = headers.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    public static ResponseOverride empty() {
        return EMPTY;
    }

    public boolean isEmpty() {
        return status == null && headers.isEmpty();
    }

    /**
     * The {@code $context.responseOverride} value that carries these overrides into a later template
     * (see {@link TemplateInput}); keys {@code header} and, when set, {@code status}.
     */
    public Map<String, Object> asContextValue() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("header", headers);
        if (status != null) {
            value.put("status", status);
        }
        return Collections.unmodifiableMap(value);
    }
}
