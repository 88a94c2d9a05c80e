package io.turnpike.dataplane.mapping;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a template wrote to {@code $context.requestOverride.header|querystring|path}: values that
 * replace (or add) integration request parameters after parameter mapping — overrides win. Names
 * keep the case the template wrote. Maps are empty, never null, when nothing was set.
 */
public record RequestOverride(Map<String, String> headers, Map<String, String> querystring, Map<String, String> path) {
    private static final RequestOverride EMPTY = new RequestOverride(Map.of(), Map.of(), Map.of());

    public RequestOverride {
        headers = copy(headers, "headers");
        querystring = copy(querystring, "querystring");
        path = copy(path, "path");
    }

    public static RequestOverride empty() {
        return EMPTY;
    }

    public boolean isEmpty() {
        return headers.isEmpty() && querystring.isEmpty() && path.isEmpty();
    }

    /**
     * The {@code $context.requestOverride} value that carries these overrides into a later template
     * (see {@link TemplateInput}); keys {@code header}, {@code querystring} and {@code path}, as AWS
     * names them.
     */
    public Map<String, Object> asContextValue() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("header", headers);
        value.put("querystring", querystring);
        value.put("path", path);
        return Collections.unmodifiableMap(value);
    }

    private static Map<String, String> copy(Map<String, String> map, String name) {
        Objects.requireNonNull(map, name);
        return map.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
