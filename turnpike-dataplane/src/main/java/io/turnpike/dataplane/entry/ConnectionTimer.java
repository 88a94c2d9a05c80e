package io.turnpike.dataplane.entry;

import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The one timer of a client connection, re-armed lazily: arming and disarming it for each request are
 * field writes, not a task scheduled on and cancelled from the event loop's timer queue.
 *
 * <p>A connection's clocks change state several times per request (idle, reading, answering, idle
 * again). Scheduling and cancelling a task each time costs two operations on the loop's timer queue and,
 * because the loop's earliest deadline then keeps changing, re-arms the loop's kernel timer on nearly
 * every wake-up. Here at most one task is pending per connection, and it runs at most {@code step} after
 * it was scheduled; when it runs before the deadline it schedules itself again for what remains (at most
 * {@code step}), and when nothing is armed it lapses. Every armed duration must be at least {@code step}
 * (the shortest duration the owner uses), so a pending task never runs later than a deadline armed after
 * it was scheduled: the expiry runs on time, not up to a step late.
 *
 * <p>Time is the executor's ticker, so an embedded event loop in a test drives it. Event loop only.
 */
final class ConnectionTimer implements Runnable {

    private final EventExecutor loop;
    private final long stepNanos;
    private final Runnable onExpiry;
    private ScheduledFuture<?> task;
    private long deadline;
    private boolean armed;
    private boolean stopped;

    /**
     * @param step the shortest duration that will be armed
     * @param onExpiry runs on the loop when an armed deadline passes (the timer is then disarmed)
     */
    ConnectionTimer(EventExecutor loop, long stepNanos, Runnable onExpiry) {
        if (stepNanos <= 0) {
            throw new IllegalArgumentException("step: " + stepNanos + " ns (expected: > 0)");
        }
        this.loop = loop;
        this.stepNanos = stepNanos;
        this.onExpiry = onExpiry;
    }

    /** Expires {@code nanos} from now (at least the step), replacing any armed deadline. */
    void arm(long nanos) {
        if (stopped) {
            return;
        }
        deadline = loop.ticker().nanoTime() + nanos;
        armed = true;
        if (task == null) {
            task = loop.schedule(this, Math.min(nanos, stepNanos), TimeUnit.NANOSECONDS);
        }
    }

    /** Nothing expires until the next {@link #arm}; a pending task lapses when it runs. */
    void disarm() {
        armed = false;
    }

    /** For good: the pending task is cancelled and later arms are ignored. */
    void stop() {
        stopped = true;
        armed = false;
        if (task != null) {
            task.cancel(false);
            task = null;
        }
    }

    @Override
    public void run() {
        task = null;
        if (stopped || !armed) {
            return;
        }
        long left = deadline - loop.ticker().nanoTime();
        if (left <= 0) {
            armed = false;
            onExpiry.run();
        } else {
            task = loop.schedule(this, Math.min(left, stepNanos), TimeUnit.NANOSECONDS);
        }
    }
}
