package io.turnpike.dataplane.testinvoke;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One test invocation, as TestInvokeMethod describes it.
 *
 * @param pathWithQueryString the path and query to send, e.g. {@code /pets/7?limit=2}; null or empty
 *     sends the resource's own path
 * @param body the request body; null for none
 * @param headers single-valued headers; null for none
 * @param multiValueHeaders multi-valued headers, sent before {@code headers} of other names; null for none
 * @param clientCertificateId accepted as AWS accepts it; Turnpike does not present client certificates
 * @param stageVariables the stage variables to test with; null for none
 */
public record TestInvokeRequest(
        String restApiId,
        String resourceId,
        String httpMethod,
        String pathWithQueryString,
        String body,
        Map<String, String> headers,
        Map<String, List<String>> multiValueHeaders,
        String clientCertificateId,
        Map<String, String> stageVariables) {

    public TestInvokeRequest {
        Objects.requireNonNull(restApiId, "restApiId");
        Objects.requireNonNull(resourceId, "resourceId");
        Objects.requireNonNull(httpMethod, "httpMethod");
    }
}
