package io.turnpike.dataplane.integration.http;

import io.netty.channel.EventLoop;
import java.util.HashMap;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;

/**
 * All pools of one event loop, and their idle sweeper.
 *
 * <p>The sweeper is scheduled only while some connection is idle, so a quiet loop carries no timer. It
 * runs every tenth of the idle timeout (between 10 ms and 1 s), so a connection is closed at most that
 * long after it expired: with the default 55 s, by 56 s, still ahead of a 60 s upstream keep-alive.
 * Pools with nothing open are dropped, so origins used once (a stage variable pointing elsewhere for a
 * while) do not accumulate.
 */
final class LoopPools implements Runnable {

    private final EventLoop loop;
    private final Connector connector;
    private final HashMap<Origin, OriginPool> pools = new HashMap<>();
    private final Deadlines deadlines;
    private boolean sweepScheduled;

    LoopPools(EventLoop loop, Connector connector) {
        this.loop = loop;
        this.connector = connector;
        this.deadlines = new Deadlines(loop);
    }

    EventLoop loop() {
        return loop;
    }

    /** The integration timeouts of the exchanges on this loop. */
    Deadlines deadlines() {
        return deadlines;
    }

    Connector connector() {
        return connector;
    }

    OriginPool pool(Origin origin) {
        OriginPool pool = pools.get(origin);
        if (pool == null) {
            pool = new OriginPool(this, origin);
            pools.put(origin, pool);
        }
        return pool;
    }

    void scheduleSweep() {
        if (!sweepScheduled) {
            sweepScheduled = true;
            loop.schedule(this, connector.sweepIntervalNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** The sweep. */
    @Override
    public void run() {
        sweepScheduled = false;
        long now = loop.ticker().nanoTime();
        boolean idleLeft = false;
        for (Iterator<OriginPool> it = pools.values().iterator(); it.hasNext(); ) {
            OriginPool pool = it.next();
            idleLeft |= pool.evictExpired(now);
            if (pool.unused()) {
                it.remove();
            }
        }
        if (idleLeft && !connector.closed()) {
            scheduleSweep();
        }
    }

    /** On client close: idle connections close now; busy ones close when their exchange ends. */
    void close() {
        for (OriginPool pool : pools.values()) {
            pool.failWaiters();
            pool.closeIdle();
        }
    }
}
