package io.turnpike.functions.remote;

import io.turnpike.aws.AwsException;
import io.turnpike.aws.lambda.FunctionInvoker;
import io.turnpike.aws.lambda.Invocation;
import io.turnpike.aws.lambda.InvocationResult;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Invokers tried in order: the first that knows the function answers. An invoker that does not know it
 * fails with 404 {@code ResourceNotFoundException}, and only then is the next one asked; every other
 * outcome, function errors and other Invoke API errors included, is final. The last invoker's 404 is
 * the chain's answer. Typical use: local functions first, then a remote Lambda endpoint.
 */
public final class InvokerChain implements FunctionInvoker {

    private final List<FunctionInvoker> invokers;

    private InvokerChain(List<FunctionInvoker> invokers) {
        this.invokers = invokers;
    }

    public static FunctionInvoker of(FunctionInvoker... invokers) {
        if (invokers.length == 0) {
            throw new IllegalArgumentException("invokers: none (expected: at least one)");
        }
        return invokers.length == 1 ? invokers[0] : new InvokerChain(List.of(invokers));
    }

    @Override
    public CompletableFuture<InvocationResult> invoke(Invocation invocation) {
        return from(0, invocation);
    }

    private CompletableFuture<InvocationResult> from(int index, Invocation invocation) {
        CompletableFuture<InvocationResult> attempt;
        try {
            attempt = invokers.get(index).invoke(invocation);
        } catch (RuntimeException e) {
            attempt = CompletableFuture.failedFuture(e);
        }
        if (index == invokers.size() - 1) {
            return attempt;
        }
        return attempt.handle((result, failure) -> {
                    if (failure == null) {
                        return CompletableFuture.completedFuture(result);
                    }
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause()
                            : failure;
                    if (cause instanceof AwsException aws
                            && aws.status() == 404
                            && aws.errorType().equals("ResourceNotFoundException")) {
                        return from(index + 1, invocation);
                    }
                    return CompletableFuture.<InvocationResult>failedFuture(cause);
                })
                .thenCompose(f -> f);
    }
}
