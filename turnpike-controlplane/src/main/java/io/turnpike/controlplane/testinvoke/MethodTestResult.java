package io.turnpike.controlplane.testinvoke;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What TestInvokeMethod returns: the method response, the execution log and the latency.
 *
 * @param log AWS's execution-log text for the request
 * @param latency milliseconds
 */
public record MethodTestResult(
        int status,
        String body,
        Map<String, String> headers,
        Map<String, List<String>> multiValueHeaders,
        String log,
        long latency) {

    public MethodTestResult {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(multiValueHeaders, "multiValueHeaders");
        Objects.requireNonNull(log, "log");
    }
}
