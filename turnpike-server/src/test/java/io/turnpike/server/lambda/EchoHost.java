package io.turnpike.server.lambda;

import io.turnpike.functions.host.FunctionHost;
import io.turnpike.functions.host.FunctionSpec;
import io.turnpike.functions.host.HostInvocation;
import io.turnpike.functions.host.HostResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A test double of the function host (the real one, which runs node/python/java processes, is tested
 * on its own): it really runs something deterministic on its own thread. It answers the event as the
 * function's result; an event containing {@code "fail"} fails as a handler exception does, and one
 * containing {@code "failTwice"} fails on its first two attempts. Every call is recorded, and the code
 * file the spec names must exist, as it must for the real host.
 */
final class EchoHost implements FunctionHost {

    record Call(FunctionSpec spec, HostInvocation invocation, String payload) {}

    final List<Call> calls = new CopyOnWriteArrayList<>();
    final List<String> evicted = new CopyOnWriteArrayList<>();
    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    @Override
    public CompletableFuture<HostResult> invoke(FunctionSpec spec, HostInvocation invocation) {
        return CompletableFuture.supplyAsync(
                () -> {
                    String payload = new String(invocation.payload(), StandardCharsets.UTF_8);
                    calls.add(new Call(spec, invocation, payload));
                    if (!Files.isRegularFile(spec.codeZip())) {
                        throw new IllegalStateException("no code at " + spec.codeZip());
                    }
                    String log = "START RequestId: " + invocation.requestId() + " Version: " + spec.version() + "\n"
                            + "echo " + payload + "\n" + "END RequestId: " + invocation.requestId() + "\n";
                    long attempts = calls.stream()
                            .filter(c -> c.invocation().requestId().equals(invocation.requestId()))
                            .count();
                    boolean fail = payload.contains("\"fail\"") || (payload.contains("\"failTwice\"") && attempts <= 2);
                    if (fail) {
                        String error = "{\"errorMessage\":\"boom\",\"errorType\":\"Error\"}";
                        return new HostResult(error.getBytes(StandardCharsets.UTF_8), "Unhandled", log);
                    }
                    return new HostResult(invocation.payload(), null, log);
                },
                executor);
    }

    @Override
    public void evict(String functionName) {
        evicted.add(functionName);
    }

    @Override
    public Path logFile(String functionName) {
        return Path.of("/nonexistent/" + functionName + ".log");
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
