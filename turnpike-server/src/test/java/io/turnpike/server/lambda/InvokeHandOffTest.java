package io.turnpike.server.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import io.turnpike.aws.lambda.Invocation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code LocalFunctions.invoke} is called on the data plane's event loops (an {@code AWS_PROXY}
 * integration, a Lambda authorizer): handing the invocation to the function pool must never park the
 * caller. A queue guarded by a lock does, whenever a pool thread holds the lock at that moment (seen in CI
 * as a 482 µs park of an event loop in {@code LinkedBlockingQueue.signalNotEmpty}); on this machine two
 * callers submitting to a locked queue park dozens of times in 100,000 calls each.
 */
class InvokeHandOffTest {

    private static final int CALLS = 100_000;

    @TempDir
    Path dir;

    @Test
    void handingAnInvocationToThePoolNeverParksTheCaller() throws Exception {
        List<String> parks = new ArrayList<>();
        try (LambdaFixture f = new LambdaFixture(dir, false);
                Recording recording = new Recording()) {
            recording.enable("jdk.ThreadPark").withThreshold(Duration.ZERO).withStackTrace();
            recording.start();
            List<Thread> callers = new ArrayList<>();
            List<CompletableFuture<?>> last = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                CompletableFuture<Object> done = new CompletableFuture<>();
                last.add(done);
                Thread caller = new Thread(
                        () -> {
                            CompletableFuture<?> call = null;
                            // a function that does not exist: the pool answers fast, which is when the
                            // caller and the pool's threads meet on the queue most often
                            Invocation invocation = Invocation.requestResponse("missing", new byte[0]);
                            for (int k = 0; k < CALLS; k++) {
                                call = f.functions.invoke(invocation);
                            }
                            call.whenComplete((r, e) -> done.complete(e));
                        },
                        "hand-off-caller-" + i);
                callers.add(caller);
                caller.start();
            }
            for (Thread caller : callers) {
                caller.join();
            }
            for (CompletableFuture<?> done : last) {
                assertThat(done.get(60, TimeUnit.SECONDS))
                        .as("the last invocation's failure")
                        .isNotNull();
            }
            recording.stop();
            Path file = dir.resolve("hand-off.jfr");
            recording.dump(file);
            for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
                String thread = e.getThread() == null ? "" : e.getThread().getJavaName();
                if (thread != null && thread.startsWith("hand-off-caller-")) {
                    parks.add(thread + " parked " + e.getDuration().toNanos() / 1000 + " µs in "
                            + e.getStackTrace()
                                    .getFrames()
                                    .get(0)
                                    .getMethod()
                                    .getType()
                                    .getName() + "; "
                            + e.getStackTrace().getFrames().stream()
                                    .limit(8)
                                    .map(fr -> fr.getMethod().getName())
                                    .toList());
                }
            }
        }
        assertThat(parks).as("parks of the invoking threads").isEmpty();
    }
}
