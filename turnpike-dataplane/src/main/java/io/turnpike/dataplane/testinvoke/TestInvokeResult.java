package io.turnpike.dataplane.testinvoke;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a test invocation answered, in TestInvokeMethod's terms.
 *
 * @param headers the method response's headers, the last value of each name
 * @param multiValueHeaders every value of each header name
 * @param log the execution log text, {@code Execution log for request …} and one line per step that ran
 * @param latencyMillis from the start of execution to the method response
 */
public record TestInvokeResult(
        int status,
        String body,
        Map<String, String> headers,
        Map<String, List<String>> multiValueHeaders,
        String log,
        long latencyMillis) {

    public TestInvokeResult {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        multiValueHeaders = Collections.unmodifiableMap(new LinkedHashMap<>(multiValueHeaders));
    }
}
