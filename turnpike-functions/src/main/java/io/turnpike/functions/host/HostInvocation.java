package io.turnpike.functions.host;

import java.util.Objects;

/**
 * One event for an instance.
 *
 * @param requestId the invocation's request id ({@code Lambda-Runtime-Aws-Request-Id})
 * @param payload the event bytes
 * @param clientContext the base64 client context, or {@code null} ({@code Lambda-Runtime-Client-Context};
 *     the runtime receives the decoded JSON, as on AWS)
 * @param traceId the {@code Lambda-Runtime-Trace-Id} to send; generated when {@code null}
 * @param cognitoIdentity the caller's Cognito identity as JSON ({@code {"cognitoIdentityId": ...,
 *     "cognitoIdentityPoolId": ...}}), or {@code null} ({@code Lambda-Runtime-Cognito-Identity})
 */
public record HostInvocation(
        String requestId, byte[] payload, String clientContext, String traceId, String cognitoIdentity) {
    public HostInvocation {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(payload, "payload");
    }

    /** An invocation without a Cognito identity (every caller but Cognito-authenticated mobile SDKs). */
    public HostInvocation(String requestId, byte[] payload, String clientContext, String traceId) {
        this(requestId, payload, clientContext, traceId, null);
    }
}
