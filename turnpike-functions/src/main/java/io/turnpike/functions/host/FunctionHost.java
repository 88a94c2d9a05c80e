package io.turnpike.functions.host;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * Runs function code. Instances are pooled per {@link FunctionSpec}: an idle warm instance is reused;
 * otherwise a new one starts, up to {@link FunctionSpec#maxConcurrency()}; beyond that the call fails at
 * once with {@link io.turnpike.aws.AwsException} 429 {@code TooManyRequestsException} ("Rate
 * Exceeded."). Never blocks the caller; the future completes on a host thread.
 */
public interface FunctionHost extends AutoCloseable {

    CompletableFuture<HostResult> invoke(FunctionSpec spec, HostInvocation invocation);

    /** Stops every instance of a function (all versions), e.g. after DeleteFunction. */
    void evict(String functionName);

    /** The function's log file: every invocation's output, each line prefixed by its request id. */
    Path logFile(String functionName);

    /** Stops every instance and the Runtime API listener. */
    @Override
    void close();
}
