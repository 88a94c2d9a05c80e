package io.turnpike.dataplane.integration.http;

import io.netty.channel.EventLoop;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Resolves upstream host names without blocking an event loop.
 *
 * <p>Netty's default resolver calls {@link InetAddress#getByName} on the channel's event loop, which
 * can stall every connection on that thread for as long as a slow DNS server takes. We run the JDK's
 * resolver (so {@code /etc/hosts}, nsswitch and search domains behave exactly as for any Java program,
 * and the JDK's address cache applies) on a few threads of our own, and hand the answer back to the
 * loop. IP literals, the common case for upstreams inside a network, never leave the loop. Only new
 * connections resolve; pooled ones skip this entirely.
 */
final class HostResolver implements AutoCloseable {

    /** Receives the answer on the event loop that asked. */
    interface Callback {
        /** Exactly one of the two is non-null. */
        void resolved(InetSocketAddress address, Throwable failure);
    }

    /** The blocking lookup to run off the loop; {@link InetAddress#getByName} but in tests. */
    interface Lookup {
        InetAddress lookup(String host) throws UnknownHostException;
    }

    private static final int THREADS = 4;

    private final Lookup lookup;
    private final ThreadPoolExecutor executor;

    HostResolver() {
        this(InetAddress::getByName);
    }

    HostResolver(Lookup lookup) {
        this.lookup = lookup;
        AtomicInteger count = new AtomicInteger();
        // The event loops hand lookups to this pool, and must neither start a thread nor wait: the threads
        // are started now and kept (a pool starts them on its first tasks, and again after an idle
        // timeout), and the queue is lock-free (a LinkedBlockingQueue parks the caller whenever a pool
        // thread holds its lock)
        executor = new ThreadPoolExecutor(
                THREADS, THREADS, 0, TimeUnit.MILLISECONDS, new LinkedTransferQueue<>(), task -> {
                    Thread t = new Thread(task, "turnpike-upstream-dns-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        executor.prestartAllCoreThreads();
    }

    void resolve(String host, int port, EventLoop loop, Callback callback) {
        byte[] literal = NetUtil.createByteArrayFromIpAddressString(host);
        if (literal != null) {
            InetAddress address;
            try {
                address = InetAddress.getByAddress(host, literal);
            } catch (UnknownHostException e) { // only for a malformed length, which Netty never returns
                callback.resolved(null, e);
                return;
            }
            callback.resolved(new InetSocketAddress(address, port), null);
            return;
        }
        try {
            executor.execute(() -> {
                InetSocketAddress address = null;
                Throwable failure = null;
                try {
                    address = new InetSocketAddress(lookup.lookup(host), port);
                } catch (UnknownHostException | SecurityException e) {
                    failure = e;
                }
                InetSocketAddress a = address;
                Throwable f = failure;
                try {
                    loop.execute(() -> callback.resolved(a, f));
                } catch (RejectedExecutionException ignored) {
                    // the event loop is shutting down; its channels and exchanges go with it
                }
            });
        } catch (RejectedExecutionException e) {
            callback.resolved(null, new UnknownHostException(host + ": the upstream client is closed"));
        }
    }

    /** The resolver's threads, for the client's other set-up work that must stay off the event loops. */
    Executor executor() {
        return executor;
    }

    @Override
    public void close() {
        executor.shutdown();
    }
}
