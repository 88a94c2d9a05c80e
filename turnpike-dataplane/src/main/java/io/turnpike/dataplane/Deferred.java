package io.turnpike.dataplane;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A value that is costly to build, that many nodes never need, and that must not be built on an event
 * loop: built once, when first asked for, on an executor of the owner's choosing (a thread that is not
 * an event loop), and handed out as a future. An event loop that asks for it neither builds it nor waits
 * for it: it continues when the future completes, at once after the first time.
 *
 * <p>Made for the TLS stack: the JDK's trust store and security providers took ~250 ms of a start on
 * one CPU (bench/README.md), for upstream {@code https} connections and JWKS fetches that most APIs
 * never make. A build that fails stays failed: the same build fails the same way again.
 */
public final class Deferred<T> {

    private final Supplier<T> build;
    private final Executor executor;
    private final AtomicReference<CompletableFuture<T>> value = new AtomicReference<>();

    private Deferred(Supplier<T> build, Executor executor) {
        this.build = build;
        this.executor = executor;
    }

    /** Built by {@code executor} when first asked for. */
    public static <T> Deferred<T> onFirstUse(Supplier<T> build, Executor executor) {
        return new Deferred<>(Objects.requireNonNull(build, "build"), Objects.requireNonNull(executor, "executor"));
    }

    /** Already built, by the caller, now (for tests and benchmarks, which do not measure start-up). */
    public static <T> Deferred<T> now(T value) {
        Deferred<T> d = new Deferred<>(null, null);
        d.value.set(CompletableFuture.completedFuture(value));
        return d;
    }

    /** The value, built on first call; never blocks. */
    public CompletableFuture<T> get() {
        CompletableFuture<T> v = value.get();
        if (v != null) {
            return v;
        }
        CompletableFuture<T> mine = new CompletableFuture<>();
        if (!value.compareAndSet(null, mine)) {
            return value.get();
        }
        try {
            executor.execute(() -> {
                try {
                    mine.complete(build.get());
                } catch (RuntimeException | Error e) {
                    mine.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) { // the owner is closing
            mine.completeExceptionally(e);
        }
        return mine;
    }
}
