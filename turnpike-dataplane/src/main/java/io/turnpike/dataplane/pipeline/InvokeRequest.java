package io.turnpike.dataplane.pipeline;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An invocation as it arrived, after the API and stage were resolved from the URL.
 *
 * @param resourcePath the path below the stage, still percent-encoded, starting with {@code /}
 * @param rawQuery the query string without {@code ?}; empty when none
 * @param headers in wire order, names as received
 * @param stagePath {@code $context.path}: {@code /{stage}} followed by the resource path as received
 */
public record InvokeRequest(
        String method,
        String resourcePath,
        String rawQuery,
        List<Map.Entry<String, String>> headers,
        byte[] body,
        String sourceIp,
        String protocol,
        String domainName,
        String stagePath) {

    public InvokeRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(resourcePath, "resourcePath");
        Objects.requireNonNull(rawQuery, "rawQuery");
        headers = List.copyOf(headers);
        Objects.requireNonNull(body, "body");
    }
}
