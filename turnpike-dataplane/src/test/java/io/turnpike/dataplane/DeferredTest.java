package io.turnpike.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DeferredTest {

    /** Runs what it is given only when the test says so. */
    private static final class Held implements Executor {
        final List<Runnable> tasks = new ArrayList<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        void runAll() {
            tasks.forEach(Runnable::run);
            tasks.clear();
        }
    }

    @Test
    void builtOnceOnTheExecutorWhenFirstAskedForAndSharedByEveryCaller() {
        Held executor = new Held();
        AtomicInteger builds = new AtomicInteger();
        Deferred<String> d = Deferred.onFirstUse(() -> "value " + builds.incrementAndGet(), executor);
        assertThat(executor.tasks).as("nothing built before it is asked for").isEmpty();

        CompletableFuture<String> first = d.get();
        CompletableFuture<String> second = d.get();
        assertThat(first).isNotDone().isSameAs(second);
        assertThat(executor.tasks).as("one build for both callers").hasSize(1);

        executor.runAll();
        assertThat(first).isCompletedWithValue("value 1");
        assertThat(d.get()).isCompletedWithValue("value 1");
        assertThat(builds).hasValue(1);
        assertThat(executor.tasks).isEmpty();
    }

    @Test
    void aFailedBuildFailsEveryCallerTheSameWay() {
        Held executor = new Held();
        AtomicInteger builds = new AtomicInteger();
        Deferred<String> d = Deferred.onFirstUse(
                () -> {
                    builds.incrementAndGet();
                    throw new IllegalStateException("no trust store");
                },
                executor);
        CompletableFuture<String> first = d.get();
        executor.runAll();
        assertThatThrownBy(first::join)
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(IllegalStateException.class)
                .hasRootCauseMessage("no trust store");
        assertThat(d.get()).isCompletedExceptionally();
        assertThat(executor.tasks).isEmpty();
        assertThat(builds).hasValue(1);
    }

    @Test
    void aClosedExecutorFailsTheValueInsteadOfThrowingAtTheCaller() {
        Deferred<String> d = Deferred.onFirstUse(() -> "never", task -> {
            throw new RejectedExecutionException("closed");
        });
        assertThat(d.get()).isCompletedExceptionally();
    }

    @Test
    void aValueBuiltNowIsThereAtOnce() {
        assertThat(Deferred.now("ready").get()).isCompletedWithValue("ready");
    }
}
