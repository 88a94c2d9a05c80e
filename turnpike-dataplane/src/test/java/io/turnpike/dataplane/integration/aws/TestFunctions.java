package io.turnpike.dataplane.integration.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.turnpike.aws.AwsException;
import io.turnpike.aws.lambda.FunctionInvoker;
import io.turnpike.aws.lambda.Invocation;
import io.turnpike.aws.lambda.InvocationResult;
import io.turnpike.aws.lambda.InvocationType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Functions written in Java for tests: each handler computes its answer from the event it receives, on
 * a thread of its own (as the real host answers off the event loop). Unknown functions fail as Lambda
 * does, with 404 ResourceNotFoundException.
 */
final class TestFunctions implements FunctionInvoker, AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    /** A handler: the event in, the function's answer (or error document) out. */
    interface Handler {
        Answer handle(JsonNode event, Invocation invocation);
    }

    /** What a handler returns: a payload, or a function error with Lambda's error document. */
    record Answer(Object payload, boolean error) {
        static Answer ok(Object payload) {
            return new Answer(payload, false);
        }

        static Answer fail(String errorType, String errorMessage) {
            return new Answer(
                    Map.of("errorType", errorType, "errorMessage", errorMessage, "stackTrace", List.of()), true);
        }
    }

    private final Map<String, Function<Invocation, CompletableFuture<InvocationResult>>> functions =
            new ConcurrentHashMap<>();
    final List<Invocation> invocations = new CopyOnWriteArrayList<>();
    private final ExecutorService runner = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-function");
        t.setDaemon(true);
        return t;
    });

    /** Registers {@code handler} under a full function ARN (without qualifier). */
    TestFunctions add(String arn, Handler handler) {
        functions.put(arn, inv -> CompletableFuture.supplyAsync(() -> run(handler, inv), runner));
        return this;
    }

    /** Registers a function whose invocations fail with an Invoke API error. */
    TestFunctions addFailing(String arn, AwsException error) {
        functions.put(
                arn,
                inv -> CompletableFuture.supplyAsync(
                        () -> {
                            throw error;
                        },
                        runner));
        return this;
    }

    /** Registers a function that never answers. */
    TestFunctions addHanging(String arn) {
        functions.put(arn, inv -> new CompletableFuture<>());
        return this;
    }

    private static InvocationResult run(Handler handler, Invocation inv) {
        if (inv.type() == InvocationType.EVENT) {
            handler.handle(read(inv.payload()), inv);
            return new InvocationResult(202, new byte[0], null, null, "$LATEST");
        }
        Answer a = handler.handle(read(inv.payload()), inv);
        byte[] payload;
        try {
            payload = a.payload() instanceof byte[] b
                    ? b
                    : a.payload() instanceof String s
                            ? s.getBytes(StandardCharsets.UTF_8)
                            : JSON.writeValueAsBytes(a.payload());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new InvocationResult(200, payload, a.error() ? "Unhandled" : null, null, "$LATEST");
    }

    private static JsonNode read(byte[] payload) {
        try {
            return payload.length == 0 ? JSON.nullNode() : JSON.readTree(payload);
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode(new String(payload, StandardCharsets.UTF_8));
        }
    }

    @Override
    public CompletableFuture<InvocationResult> invoke(Invocation invocation) {
        invocations.add(invocation);
        var f = functions.get(invocation.function());
        if (f == null) {
            return CompletableFuture.failedFuture(
                    new AwsException(404, "ResourceNotFoundException", "Function not found: " + invocation.function()));
        }
        return f.apply(invocation);
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }
}
