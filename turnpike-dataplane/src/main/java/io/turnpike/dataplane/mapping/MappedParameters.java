package io.turnpike.dataplane.mapping;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link ParameterMapping} produced, by target name as the mapping key wrote it. A mapping
 * whose source has no value produces nothing here (AWS does not send that parameter). The response
 * side fills {@code headers} only.
 *
 * @param path integration request path parameters
 * @param querystring integration request query parameters; several values when the source was a
 *     {@code multivaluequerystring}
 * @param headers integration request (or method response) headers; several values when the source was
 *     a {@code multivaluequerystring}
 */
public record MappedParameters(
        Map<String, String> path, Map<String, List<String>> querystring, Map<String, List<String>> headers) {
    public MappedParameters {
        path = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(path, "path")));
        querystring = copy(Objects.requireNonNull(querystring, "querystring"));
        headers = copy(Objects.requireNonNull(headers, "headers"));
    }

    public boolean isEmpty() {
        return path.isEmpty() && querystring.isEmpty() && headers.isEmpty();
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> map) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        map.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        return Collections.unmodifiableMap(copy);
    }
}
