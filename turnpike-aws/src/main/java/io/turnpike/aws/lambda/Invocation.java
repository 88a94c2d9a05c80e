package io.turnpike.aws.lambda;

import java.util.Objects;

/**
 * One call of a function.
 *
 * @param function the function as Lambda's {@code FunctionName} accepts it: a name, a partial ARN
 *     ({@code 123456789012:function:name}) or a full ARN, each optionally ending in {@code :qualifier}
 * @param qualifier a version number, {@code $LATEST} or an alias name; {@code null} when none was given
 *     apart from the function reference
 * @param type how to invoke
 * @param payload the event, as bytes (JSON for every caller Turnpike has); never null, may be empty
 * @param tailLogs whether to return the last 4 KB of the invocation's log ({@code X-Amz-Log-Type: Tail})
 * @param clientContext the base64 {@code X-Amz-Client-Context}, or {@code null}
 */
public record Invocation(
        String function,
        String qualifier,
        InvocationType type,
        byte[] payload,
        boolean tailLogs,
        String clientContext) {

    public Invocation {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payload, "payload");
    }

    /** A synchronous call without log tail or client context. */
    public static Invocation requestResponse(String function, byte[] payload) {
        return new Invocation(function, null, InvocationType.REQUEST_RESPONSE, payload, false, null);
    }
}
