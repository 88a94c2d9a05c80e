package io.turnpike.aws.lambda;

import java.util.concurrent.CompletableFuture;

/**
 * Invokes Lambda functions: the local function host, a remote Lambda endpoint, or a chain of both.
 *
 * <p>Contract: never blocks the calling thread (callers include Netty event loops); the future completes
 * on some other thread. A function failure (its code threw, timed out or crashed) is a <em>successful</em>
 * future whose result has {@link InvocationResult#functionError()} set, exactly as Lambda answers 200
 * with {@code X-Amz-Function-Error}. Errors of the Invoke API itself complete the future exceptionally
 * with an {@link io.turnpike.aws.AwsException} carrying Lambda's status, error type and message: for
 * example 404 {@code ResourceNotFoundException}, 429 {@code TooManyRequestsException} (concurrency
 * limit reached), 413 {@code RequestTooLargeException}, 400 {@code InvalidRequestContentException}.
 */
@FunctionalInterface
public interface FunctionInvoker {

    CompletableFuture<InvocationResult> invoke(Invocation invocation);

    /** An invoker that knows no functions: every call fails with 404 ResourceNotFoundException. */
    static FunctionInvoker none(String region, String accountId) {
        return invocation -> CompletableFuture.failedFuture(new io.turnpike.aws.AwsException(
                404,
                "ResourceNotFoundException",
                "Function not found: arn:aws:lambda:" + region + ":" + accountId + ":function:"
                        + invocation.function()));
    }
}
