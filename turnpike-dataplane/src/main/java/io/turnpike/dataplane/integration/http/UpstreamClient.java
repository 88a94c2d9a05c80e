package io.turnpike.dataplane.integration.http;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.turnpike.dataplane.integration.http.UpstreamException.Kind;
import io.turnpike.dataplane.pipeline.ClientStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP/1.1 client for {@code HTTP} and {@code HTTP_PROXY} integrations.
 *
 * <h2>Threads and pools</h2>
 *
 * An upstream call runs on the event loop of the inbound request that caused it: its connection is
 * registered with that loop, and its future completes there. Each loop therefore has its own pools,
 * one per origin (scheme, host, port, and whether TLS verification was skipped), touched by that loop
 * alone, with no locks and no hand-over between threads on the hot path. The price is that a loop
 * cannot borrow another loop's idle connection, which with inbound connections spread evenly over the
 * loops costs little.
 *
 * <h2>Connection cap</h2>
 *
 * {@link UpstreamSettings#maxConnectionsPerOrigin()} is split evenly over the group's event loops
 * (rounded up, at least one each), so it holds without cross-thread counting: an origin sees at most
 * {@code loops × ⌈max / loops⌉} connections. A request that finds its loop's share in use waits in a
 * queue, first come first served, bounded by its own timeout; it does not fail fast.
 *
 * <h2>Keep-alive and retry</h2>
 *
 * Connections are reused last-in first-out and closed after {@link UpstreamSettings#idleTimeout()}
 * unused, or when either side says {@code Connection: close}, or after a response whose end only the
 * close could mark. When a connection taken from the pool fails before a single response byte arrives
 * (the upstream closed it while it sat idle), a {@code GET}, {@code HEAD}, {@code OPTIONS}, {@code PUT}
 * or {@code DELETE} is sent once more on a fresh connection. Other methods, fresh connections and
 * failures after the first byte are never retried.
 *
 * <h2>Timeout</h2>
 *
 * {@link UpstreamRequest#timeout()} bounds everything — queueing, resolving, connecting, the TLS
 * handshake, a retry, sending and receiving — and ends in {@link Kind#TIMEOUT}. A connection with a
 * timed-out exchange on it is closed, never pooled, so a late answer cannot be read as the next
 * request's. A connection still being opened when its request times out is kept for the next one.
 *
 * <h2>Blocking</h2>
 *
 * Nothing here blocks an event loop: host names resolve on the client's own threads (IP literals
 * don't need to), TLS contexts are built in the constructor, and bodies are copied, never waited for.
 */
public final class UpstreamClient implements AutoCloseable {

    private final Connector connector;
    private final ConcurrentHashMap<EventLoop, LoopPools> loops = new ConcurrentHashMap<>();

    /**
     * Uses the caller's event loop group and channel type (epoll or NIO) so upstream I/O stays on the
     * same threads.
     *
     * @param channelType a client socket channel type matching the group's transport, such as {@code
     *     EpollSocketChannel} or {@code NioSocketChannel}
     */
    public UpstreamClient(EventLoopGroup group, Class<? extends Channel> channelType, UpstreamSettings settings) {
        this(group, channelType, settings, new HostResolver());
    }

    /** With a resolver of the test's choosing. */
    UpstreamClient(
            EventLoopGroup group,
            Class<? extends Channel> channelType,
            UpstreamSettings settings,
            HostResolver resolver) {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(channelType, "channelType");
        Objects.requireNonNull(settings, "settings");
        if (ServerChannel.class.isAssignableFrom(channelType)) {
            throw new IllegalArgumentException("channelType: " + channelType.getName()
                    + " (expected: a client socket channel, not a server channel)");
        }
        int count = 0;
        for (EventExecutor ignored : group) {
            count++;
        }
        this.connector = new Connector(group, channelType, settings, Math.max(1, count), resolver);
    }

    /**
     * Sends the request on a pooled connection bound to {@code loop} (the inbound request's event loop),
     * completing on that loop. Never blocks.
     *
     * <p>The future completes with the response, whatever its status, or exceptionally with an {@link
     * UpstreamException} naming the {@link Kind} of failure. Dependent stages added before completion
     * run on {@code loop}. Called from another thread, the work hops to {@code loop} first.
     */
    public CompletableFuture<UpstreamResponse> execute(UpstreamRequest request, EventLoop loop) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(loop, "loop");
        CompletableFuture<UpstreamResponse> future = new CompletableFuture<>();
        if (loop.inEventLoop()) {
            start(request, loop, future);
        } else {
            try {
                loop.execute(() -> start(request, loop, future));
            } catch (RejectedExecutionException e) {
                future.completeExceptionally(
                        new UpstreamException(Kind.CONNECT_FAILED, "the event loop is shut down", e));
            }
        }
        return future;
    }

    private void start(UpstreamRequest request, EventLoop loop, CompletableFuture<UpstreamResponse> future) {
        if (connector.closed()) {
            future.completeExceptionally(new UpstreamException(Kind.CONNECT_FAILED, "the upstream client is closed"));
            return;
        }
        Origin origin;
        try {
            origin = request.origin();
        } catch (UpstreamException e) {
            future.completeExceptionally(e);
            return;
        }
        LoopPools pools = loops.get(loop);
        if (pools == null) {
            pools = loops.computeIfAbsent(loop, l -> new LoopPools(l, connector));
        }
        new Exchange(request, pools.pool(origin), future).begin();
    }

    /**
     * Streams a request whose body comes from {@code client} to the upstream, and the response back to
     * {@code client}, on a pooled connection bound to {@code loop}; see {@link StreamExchange}. Must be
     * called on {@code loop}, the client's event loop.
     *
     * <p>The future completes, on {@code loop}, when the response head has been handed to {@code
     * client}, or exceptionally with an {@link UpstreamException} when the exchange failed before that;
     * the body then goes on without it.
     */
    public CompletableFuture<Void> stream(StreamRequest request, ClientStream client, EventLoop loop) {
        CompletableFuture<Void> started = new CompletableFuture<>();
        if (connector.closed()) {
            started.completeExceptionally(new UpstreamException(Kind.CONNECT_FAILED, "the upstream client is closed"));
            return started;
        }
        LoopPools pools = loops.get(loop);
        if (pools == null) {
            pools = loops.computeIfAbsent(loop, l -> new LoopPools(l, connector));
        }
        new StreamExchange(request, pools.pool(request.origin()), client, started).begin();
        return started;
    }

    /**
     * Refuses new requests, closes idle connections and fails queued requests at once; requests in flight
     * finish and their connections close instead of returning to the pool. Waits up to five seconds for
     * the event loops to do so (not when called on one of them).
     */
    @Override
    public void close() {
        if (connector.closed()) {
            return;
        }
        connector.close();
        List<Future<?>> pending = new ArrayList<>();
        boolean onLoop = false;
        for (LoopPools pools : loops.values()) {
            onLoop |= pools.loop().inEventLoop();
            try {
                pending.add(pools.loop().submit(pools::close));
            } catch (RejectedExecutionException ignored) {
                // that loop is shutting down and closes its channels itself
            }
        }
        if (onLoop) {
            return; // waiting would block this loop, whose own task is among those awaited
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (Future<?> f : pending) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                f.awaitUninterruptibly(left, TimeUnit.NANOSECONDS);
            }
        }
    }
}
