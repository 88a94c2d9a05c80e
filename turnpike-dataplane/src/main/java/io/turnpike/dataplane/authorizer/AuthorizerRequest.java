package io.turnpike.dataplane.authorizer;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The parts of a request an authorizer sees: what REQUEST events carry and identity sources name.
 * Built from a live request, or from TestInvokeAuthorizer's input.
 *
 * @param headers multi-valued, looked up case-insensitively
 * @param contextSource the request's {@code $context} map (for {@code context.X} identity sources and
 *     the REQUEST event's {@code requestContext}), asked for only when one of those needs it: a cached
 *     TOKEN authorizer never does, and building the map costs more than the rest of its step
 */
public record AuthorizerRequest(
        String methodArn,
        String httpMethod,
        String resource,
        String path,
        Map<String, List<String>> headers,
        Map<String, List<String>> query,
        Map<String, String> pathParameters,
        Map<String, String> stageVariables,
        Supplier<Map<String, Object>> contextSource) {

    /** The request's {@code $context} map. */
    Map<String, Object> context() {
        return contextSource.get();
    }

    /** The last value of a header, or null. */
    String header(String name) {
        return last(headers.get(name));
    }

    String queryParameter(String name) {
        return last(query.get(name));
    }

    /** A {@code $context} value by dotted path ({@code identity.sourceIp}), stringified, or null. */
    String contextValue(String dotted) {
        Object node = context();
        for (String part : dotted.split("\\.")) {
            if (!(node instanceof Map<?, ?> m)) {
                return null;
            }
            node = m.get(part);
        }
        return node == null || node instanceof Map<?, ?> ? null : String.valueOf(node);
    }

    private static String last(List<String> values) {
        return values == null || values.isEmpty() ? null : values.get(values.size() - 1);
    }
}
