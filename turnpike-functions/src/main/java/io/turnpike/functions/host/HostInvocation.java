package io.turnpike.functions.host;

import java.util.Objects;

/**
 * One event for an instance.
 *
 * @param requestId the invocation's request id ({@code Lambda-Runtime-Aws-Request-Id})
 * @param payload the event bytes
 * @param clientContext the base64 client context, or {@code null} ({@code Lambda-Runtime-Client-Context})
 * @param traceId the {@code Lambda-Runtime-Trace-Id} to send; generated when {@code null}
 */
public record HostInvocation(String requestId, byte[] payload, String clientContext, String traceId) {
    public HostInvocation {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(payload, "payload");
    }
}
