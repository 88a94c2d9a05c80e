package io.turnpike.dataplane.validation;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The parts of a request a validator looks at. The maps are read, never copied or changed: the caller
 * keeps ownership and must not change them while {@link RequestValidation#validate} runs.
 *
 * @param pathParams path parameters by name, values as received (still percent-encoded)
 * @param queryParams query-string parameters by name (case-sensitive), every value in order
 * @param headers header values by name as received; names are looked up case-insensitively
 * @param contentType the request's {@code Content-Type}, or null when it has none
 * @param body the request body as text, {@code ""} when there is none
 */
public record ValidationInput(
        Map<String, String> pathParams,
        Map<String, List<String>> queryParams,
        Map<String, List<String>> headers,
        String contentType,
        String body) {

    public ValidationInput {
        Objects.requireNonNull(pathParams, "pathParams");
        Objects.requireNonNull(queryParams, "queryParams");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body (expected: \"\" when there is none)");
    }
}
