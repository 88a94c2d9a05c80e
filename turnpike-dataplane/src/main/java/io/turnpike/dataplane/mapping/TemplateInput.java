package io.turnpike.dataplane.mapping;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a template can see. No component is null: pass {@code ""} and empty maps when absent.
 *
 * <p>The record does not copy the maps (it is built once per request on the hot path): hand over
 * maps nobody mutates afterwards. Rendering never changes them; a template works on its own copies.
 *
 * <p>To carry overrides a request template set into the response template (AWS does: a status set
 * in a MOCK request template reaches the client, and {@code $context.requestOverride.*} is readable
 * in the response template), put {@link RequestOverride#asContextValue()} under {@code
 * "requestOverride"} and {@link ResponseOverride#asContextValue()} under {@code "responseOverride"}
 * in {@code context}; rendering starts from those values.
 *
 * @param body the payload as text ({@code ""} when there is none; binary payloads already converted)
 * @param pathParams path parameters by name
 * @param queryParams decoded query parameters, every value in request order
 * @param headers request (or integration response) headers, every value, names as received
 * @param context the {@code $context} tree: nested {@code Map<String, Object>}, lists, String,
 *     Number, Boolean
 * @param stageVariables the stage's variables
 */
public record TemplateInput(
        String body,
        Map<String, String> pathParams,
        Map<String, List<String>> queryParams,
        Map<String, List<String>> headers,
        Map<String, Object> context,
        Map<String, String> stageVariables) {
    public TemplateInput {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(pathParams, "pathParams");
        Objects.requireNonNull(queryParams, "queryParams");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(stageVariables, "stageVariables");
    }

    /** A template input with only a body (integration response templates often need no more). */
    public static TemplateInput ofBody(String body) {
        return new TemplateInput(body, Map.of(), Map.of(), Map.of(), Map.of(), Map.of());
    }
}
