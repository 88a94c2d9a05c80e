package io.turnpike.aws.lambda;

import java.util.Objects;

/**
 * What an invocation answered, as Lambda's Invoke API reports it.
 *
 * @param statusCode 200 for {@code RequestResponse}, 202 for {@code Event}, 204 for {@code DryRun}
 * @param payload the function's response (or its error document when {@code functionError} is set);
 *     empty for {@code Event} and {@code DryRun}
 * @param functionError {@code "Unhandled"} when the function failed (threw, timed out, crashed, or its
 *     runtime reported an error), {@code null} on success. This is the {@code X-Amz-Function-Error}
 *     header, and the error document in {@code payload} has Lambda's {@code errorMessage}/{@code
 *     errorType}(/{@code stackTrace}) shape
 * @param logResult base64 of the last 4 KB of the invocation's log when tail logs were asked for, else
 *     {@code null}
 * @param executedVersion the version that ran ({@code $LATEST} or a number)
 */
public record InvocationResult(
        int statusCode, byte[] payload, String functionError, String logResult, String executedVersion) {

    public InvocationResult {
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(executedVersion, "executedVersion");
    }

    public boolean failed() {
        return functionError != null;
    }
}
