package io.turnpike.dataplane.mapping;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a parameter mapping can read. No component is null: pass {@code ""} and empty maps for what a
 * side does not have (the request side has no integration response; the response side usually passes
 * the method request's maps too, or empty ones). Like {@link TemplateInput}, the record does not copy
 * its maps.
 *
 * @param pathParams method request path parameters
 * @param queryParams method request query parameters, every value in request order
 * @param headers method request headers, every value, names as received
 * @param body method request body ({@code ""} when none)
 * @param context the {@code $context} tree (nested maps), read by {@code context.*}
 * @param stageVariables the stage's variables, read by {@code stageVariables.*}
 * @param integrationResponseHeaders integration response headers, every value (response side)
 * @param integrationResponseBody integration response body (response side; {@code ""} when none)
 */
public record MappingSource(
        Map<String, String> pathParams,
        Map<String, List<String>> queryParams,
        Map<String, List<String>> headers,
        String body,
        Map<String, Object> context,
        Map<String, String> stageVariables,
        Map<String, List<String>> integrationResponseHeaders,
        String integrationResponseBody) {
    public MappingSource {
        Objects.requireNonNull(pathParams, "pathParams");
        Objects.requireNonNull(queryParams, "queryParams");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(stageVariables, "stageVariables");
        Objects.requireNonNull(integrationResponseHeaders, "integrationResponseHeaders");
        Objects.requireNonNull(integrationResponseBody, "integrationResponseBody");
    }
}
