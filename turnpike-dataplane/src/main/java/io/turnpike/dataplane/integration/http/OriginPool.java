package io.turnpike.dataplane.integration.http;

import io.netty.channel.EventLoop;
import io.turnpike.dataplane.integration.http.UpstreamException.Kind;
import java.util.ArrayDeque;

/**
 * The connections of one event loop to one origin.
 *
 * <p>Only that loop touches a pool, so it takes no locks. Idle connections form a stack: the most
 * recently used is reused first (LIFO), which keeps a small hot set busy and lets the rest age out
 * after the idle timeout, instead of round-robin keeping every connection barely alive. Because the
 * stack is ordered by age, expiry is checked at its bottom by the sweeper and at its top on acquire
 * (if the newest is too old, so are all the others).
 *
 * <p>At most {@code cap} connections exist at once, counting those still connecting. A request that
 * finds none idle and no room queues, first come first served, until a connection is released or a
 * slot frees; its own timeout bounds the wait (a request that times out while queued fails with {@link
 * Kind#TIMEOUT} and is skipped when its turn comes). Queueing rather than failing fast is deliberate:
 * a burst over the cap is usually gone in milliseconds, and the client's answer to a saturated upstream
 * is then what API Gateway's is, a timeout.
 */
final class OriginPool {

    private final LoopPools loopPools;
    private final Origin origin;
    private final String hostHeader;
    private final ArrayDeque<UpstreamConnection> idle = new ArrayDeque<>();
    private final ArrayDeque<Call> waiters = new ArrayDeque<>();
    private int open;

    OriginPool(LoopPools loopPools, Origin origin) {
        this.loopPools = loopPools;
        this.origin = origin;
        this.hostHeader = origin.hostHeader();
    }

    Origin origin() {
        return origin;
    }

    String hostHeader() {
        return hostHeader;
    }

    EventLoop loop() {
        return loopPools.loop();
    }

    Deadlines deadlines() {
        return loopPools.deadlines();
    }

    Connector connector() {
        return loopPools.connector();
    }

    int maxResponseBytes() {
        return loopPools.connector().settings().maxResponseBytes();
    }

    /** Gives {@code exchange} an idle connection, a new one, or a place in the queue. */
    void acquire(Call exchange) {
        UpstreamConnection c = pollIdle();
        if (c != null) {
            c.start(exchange, true);
        } else if (open < connector().perLoopCap()) {
            openFor(exchange);
        } else {
            waiters.add(exchange);
        }
    }

    private void openFor(Call exchange) {
        open++;
        new UpstreamConnection(this, exchange).open();
    }

    /** The stale-connection retry: {@code exchange} takes over the slot of {@code stale} on a fresh connection. */
    void reconnect(UpstreamConnection stale, Call exchange) {
        stale.closeKeepingSlot();
        new UpstreamConnection(this, exchange).open();
    }

    /** A connection is free for another exchange: the longest waiting gets it, else it goes idle. */
    void release(UpstreamConnection c) {
        if (connector().closed()) {
            c.abandon();
            return;
        }
        Call waiter = nextWaiter();
        if (waiter != null) {
            c.start(waiter, true);
            return;
        }
        c.idle = true;
        c.idleSince = now();
        idle.push(c);
        loopPools.scheduleSweep();
    }

    /** A connection closed or failed to open: free its slot and let queued exchanges use it. */
    void retire(UpstreamConnection c) {
        if (!c.holdsSlot) {
            return;
        }
        c.holdsSlot = false;
        open--;
        if (c.idle) {
            c.idle = false;
            idle.remove(c);
        }
        if (connector().closed()) {
            failWaiters();
            return;
        }
        while (open < connector().perLoopCap()) {
            Call waiter = nextWaiter();
            if (waiter == null) {
                break;
            }
            openFor(waiter);
        }
    }

    private Call nextWaiter() {
        Call waiter;
        while ((waiter = waiters.poll()) != null) {
            if (!waiter.done()) {
                return waiter;
            }
        }
        return null;
    }

    private UpstreamConnection pollIdle() {
        long now = now();
        UpstreamConnection c;
        while ((c = idle.pollFirst()) != null) {
            c.idle = false;
            if (now - c.idleSince >= idleTimeoutNanos()) {
                c.abandon();
                closeIdle();
                return null;
            }
            if (c.isActive()) {
                return c;
            }
            c.abandon();
        }
        return null;
    }

    /** Closes the connections idle for longer than the idle timeout; true if some stay idle. */
    boolean evictExpired(long now) {
        UpstreamConnection c;
        while ((c = idle.peekLast()) != null && now - c.idleSince >= idleTimeoutNanos()) {
            idle.pollLast();
            c.idle = false;
            c.abandon();
        }
        return !idle.isEmpty();
    }

    /** True when nothing is open or waiting, so the pool can be dropped. */
    boolean unused() {
        return open == 0 && waiters.isEmpty();
    }

    void closeIdle() {
        UpstreamConnection c;
        while ((c = idle.pollFirst()) != null) {
            c.idle = false;
            c.abandon();
        }
    }

    void failWaiters() {
        Call waiter;
        while ((waiter = waiters.poll()) != null) {
            waiter.fail(Kind.CONNECT_FAILED, "the upstream client is closed", null);
        }
    }

    private long idleTimeoutNanos() {
        return connector().idleTimeoutNanos();
    }

    private long now() {
        return loop().ticker().nanoTime();
    }
}
