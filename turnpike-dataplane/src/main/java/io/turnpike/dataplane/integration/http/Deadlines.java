package io.turnpike.dataplane.integration.http;

import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The integration timeouts of the exchanges on one event loop, kept with one timer task for all of them.
 *
 * <p>Every upstream exchange has a deadline and nearly every one finishes long before it. Scheduling a
 * task per exchange and cancelling it when the answer arrives costs two operations on the loop's timer
 * queue per request and moves the loop's earliest deadline (so its kernel timer is re-armed) on most
 * wake-ups. Instead the deadlines of one timeout length (nearly always one or a few per gateway: a
 * method's {@code timeoutInMillis}) form a list in the order they were added, which is also the order
 * they expire in; adding is an append, finishing is an unlink, both O(1) field writes. One task runs at
 * the earliest deadline (it is moved earlier only when a shorter timeout arrives), expires what is due
 * and schedules itself for the next; when the deadline it was scheduled for finished early, it just runs
 * early and reschedules.
 *
 * <p>Event loop only, like the pools it belongs to.
 */
final class Deadlines implements Runnable {

    /** One exchange's deadline; unlinked (its lane null) once finished or expired. */
    static final class Entry {
        private final Runnable onExpiry;
        private final long deadline;
        private Lane lane;
        private Entry prev;
        private Entry next;

        private Entry(Runnable onExpiry, long deadline) {
            this.onExpiry = onExpiry;
            this.deadline = deadline;
        }
    }

    /** The pending deadlines of one timeout length, oldest first. */
    private static final class Lane {
        private final long timeoutNanos;
        private Entry head;
        private Entry tail;

        private Lane(long timeoutNanos) {
            this.timeoutNanos = timeoutNanos;
        }
    }

    /** Longer timeouts wait this long (over 70 years): deadlines are compared by difference, which must not overflow. */
    private static final long MAX_TIMEOUT_NANOS = Long.MAX_VALUE / 4;

    private final EventLoop loop;
    private final ArrayList<Lane> lanes = new ArrayList<>(2);
    private Lane lastLane;
    private ScheduledFuture<?> task;
    private long taskDeadline;

    Deadlines(EventLoop loop) {
        this.loop = loop;
    }

    /** Runs {@code onExpiry} on the loop {@code timeoutNanos} from now unless {@link #remove}d first. */
    Entry add(long timeoutNanos, Runnable onExpiry) {
        Lane lane = lane(timeoutNanos);
        Entry e = new Entry(onExpiry, loop.ticker().nanoTime() + Math.min(timeoutNanos, MAX_TIMEOUT_NANOS));
        e.lane = lane;
        e.prev = lane.tail;
        if (lane.tail == null) {
            lane.head = e;
        } else {
            lane.tail.next = e;
        }
        lane.tail = e;
        if (task == null) {
            schedule(e.deadline);
        } else if (e.deadline - taskDeadline < 0) {
            task.cancel(false);
            schedule(e.deadline);
        }
        return e;
    }

    /** The exchange finished: its deadline no longer applies. Idempotent. */
    void remove(Entry e) {
        Lane lane = e.lane;
        if (lane == null) {
            return;
        }
        if (e.prev == null) {
            lane.head = e.next;
        } else {
            e.prev.next = e.next;
        }
        if (e.next == null) {
            lane.tail = e.prev;
        } else {
            e.next.prev = e.prev;
        }
        e.lane = null;
        e.prev = null;
        e.next = null;
    }

    /** The timer task: expires what is due, then waits for the earliest deadline left. */
    @Override
    public void run() {
        task = null;
        long now = loop.ticker().nanoTime();
        ArrayList<Entry> due = null;
        long earliest = 0;
        boolean any = false;
        for (int i = lanes.size() - 1; i >= 0; i--) {
            Lane lane = lanes.get(i);
            Entry e;
            while ((e = lane.head) != null && e.deadline - now <= 0) {
                remove(e);
                if (due == null) {
                    due = new ArrayList<>();
                }
                due.add(e);
            }
            if (e == null) {
                lanes.remove(i); // lanes of timeouts no longer in use do not pile up
                if (lastLane == lane) {
                    lastLane = null;
                }
            } else if (!any || e.deadline - earliest < 0) {
                earliest = e.deadline;
                any = true;
            }
        }
        if (any) {
            schedule(earliest);
        }
        if (due != null) {
            for (Entry e : due) {
                e.onExpiry.run(); // may add or remove entries: the task is already rescheduled
            }
        }
    }

    private Lane lane(long timeoutNanos) {
        Lane lane = lastLane;
        if (lane != null && lane.timeoutNanos == timeoutNanos) {
            return lane;
        }
        lane = null;
        for (Lane l : lanes) {
            if (l.timeoutNanos == timeoutNanos) {
                lane = l;
                break;
            }
        }
        if (lane == null) {
            lane = new Lane(timeoutNanos);
            lanes.add(lane);
        }
        lastLane = lane;
        return lane;
    }

    private void schedule(long deadline) {
        taskDeadline = deadline;
        long delay = Math.max(0, deadline - loop.ticker().nanoTime());
        task = loop.schedule(this, delay, TimeUnit.NANOSECONDS);
    }
}
