package io.turnpike.dataplane.integration.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The integration timeouts of one event loop, driven by an embedded loop's clock. */
class DeadlinesTest {

    private final EmbeddedChannel ch = new EmbeddedChannel();
    private final Deadlines deadlines = new Deadlines(ch.eventLoop());
    private final List<String> expired = new ArrayList<>();

    @AfterEach
    void close() {
        ch.finishAndReleaseAll();
    }

    private Deadlines.Entry add(long millis, String name) {
        return deadlines.add(TimeUnit.MILLISECONDS.toNanos(millis), () -> expired.add(name));
    }

    private void advance(long millis) {
        ch.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
    }

    @Test
    void eachDeadlineExpiresAtItsTimeNotBefore() {
        add(29_000, "a");
        advance(10_000);
        add(29_000, "b");
        advance(18_999);
        assertThat(expired).isEmpty();
        advance(1);
        assertThat(expired).containsExactly("a");
        advance(9_999);
        assertThat(expired).containsExactly("a");
        advance(1);
        assertThat(expired).containsExactly("a", "b");
    }

    @Test
    void aShorterTimeoutAddedLaterExpiresFirst() {
        add(29_000, "long");
        advance(1_000);
        add(50, "short");
        advance(49);
        assertThat(expired).isEmpty();
        advance(1);
        assertThat(expired).containsExactly("short");
        advance(27_950);
        assertThat(expired).containsExactly("short", "long");
    }

    @Test
    void aRemovedDeadlineNeverExpiresWhereverItWasInItsLane() {
        Deadlines.Entry first = add(1_000, "first");
        advance(100);
        Deadlines.Entry middle = add(1_000, "middle");
        advance(100);
        Deadlines.Entry last = add(1_000, "last");
        deadlines.remove(middle);
        deadlines.remove(first);
        deadlines.remove(first); // twice is harmless
        advance(999); // 1,199 ms: past first's and middle's deadlines, 1 ms before last's
        assertThat(expired).isEmpty();
        advance(1);
        assertThat(expired).containsExactly("last");
        deadlines.remove(last); // after it expired: harmless
        advance(10_000);
        assertThat(expired).containsExactly("last");
    }

    @Test
    void anExpiryMayAddTheNextDeadline() {
        deadlines.add(TimeUnit.MILLISECONDS.toNanos(500), () -> {
            expired.add("one");
            add(500, "two");
        });
        advance(500);
        assertThat(expired).containsExactly("one");
        advance(499);
        assertThat(expired).containsExactly("one");
        advance(1);
        assertThat(expired).containsExactly("one", "two");
    }

    @Test
    void deadlinesDueTogetherAllExpireInOneRun() {
        add(300, "a");
        add(300, "b");
        add(200, "c");
        advance(1_000);
        assertThat(expired).containsExactlyInAnyOrder("a", "b", "c");
    }
}
