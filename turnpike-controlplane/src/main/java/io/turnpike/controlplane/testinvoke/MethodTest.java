package io.turnpike.controlplane.testinvoke;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A TestInvokeMethod request: the method to test and the request to send it. Optional members are
 * null when the caller did not give them.
 */
public record MethodTest(
        String restApiId,
        String resourceId,
        String httpMethod,
        String pathWithQueryString,
        String body,
        Map<String, String> headers,
        Map<String, List<String>> multiValueHeaders,
        String clientCertificateId,
        Map<String, String> stageVariables) {

    public MethodTest {
        Objects.requireNonNull(restApiId, "restApiId");
        Objects.requireNonNull(resourceId, "resourceId");
        Objects.requireNonNull(httpMethod, "httpMethod");
    }
}
