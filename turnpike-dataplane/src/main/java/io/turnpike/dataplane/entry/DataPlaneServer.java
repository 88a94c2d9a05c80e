package io.turnpike.dataplane.entry;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.ServerSocketChannel;
import io.turnpike.dataplane.snapshot.GatewaySnapshot;
import io.turnpike.dataplane.snapshot.SnapshotRegistry;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The execute-api listener, on the caller's event loops. One port speaks HTTP/1.1 (keep-alive,
 * pipelining) and cleartext HTTP/2 (prior knowledge and {@code Upgrade: h2c}); see
 * {@link ConnectionInitializer} for how a connection is assembled. AWS's limits hold on both protocols:
 * 10 MB bodies (larger ones get AWS's fixed 413), 10,240 bytes of header values (431) and a URL of at
 * most 10,240 bytes (414); see {@link RequestLimits}.
 */
public final class DataPlaneServer implements AutoCloseable {

    /** API Gateway's payload limit. */
    public static final int MAX_BODY_BYTES = 10 * 1024 * 1024;

    /**
     * How long a connection may sit unused, and how long a client may take to send one request.
     *
     * <p><b>Idle</b> (75 s by default): an HTTP/1.1 connection with no request in flight and no bytes of
     * the next one, or an HTTP/2 connection without an open stream, is closed after this long. It is
     * longer than the 60 s idle timeouts of the clients and load balancers most often put in front of a
     * gateway (ALB, the AWS SDK's connection pools), so that it is normally the client that gives up an
     * idle connection first: a server that closes first races the client's next request, which then fails
     * on a connection the client believed was alive. nginx picks 75 s for the same reason.
     *
     * <p><b>Request read</b> (30 s by default): from the first byte of a request to its last. A client
     * that stops half way through (or sends a byte now and then, to hold the connection) gets 408 and
     * the connection is closed. Nothing waits on a thread: both clocks are tasks on the connection's event
     * loop, and neither runs while the gateway itself is working on a request.
     */
    public record Timeouts(Duration idle, Duration requestRead) {

        public static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(75), Duration.ofSeconds(30));

        public Timeouts {
            Objects.requireNonNull(idle, "idle");
            Objects.requireNonNull(requestRead, "requestRead");
            if (idle.isNegative() || idle.isZero()) {
                throw new IllegalArgumentException("idle: " + idle + " (expected: > 0)");
            }
            if (requestRead.isNegative() || requestRead.isZero()) {
                throw new IllegalArgumentException("requestRead: " + requestRead + " (expected: > 0)");
            }
        }
    }

    private final EventLoopGroup group;
    private final Class<? extends ServerSocketChannel> channelType;
    private final Supplier<GatewaySnapshot> snapshots;
    private final Clock clock;
    private final Timeouts timeouts;
    private Channel channel;

    public DataPlaneServer(
            EventLoopGroup group,
            Class<? extends ServerSocketChannel> channelType,
            SnapshotRegistry registry,
            Clock clock) {
        this(group, channelType, registry::current, clock, Timeouts.DEFAULT);
    }

    public DataPlaneServer(
            EventLoopGroup group,
            Class<? extends ServerSocketChannel> channelType,
            SnapshotRegistry registry,
            Clock clock,
            Timeouts timeouts) {
        this(group, channelType, registry::current, clock, timeouts);
    }

    /** For tests that serve a fixed snapshot. */
    DataPlaneServer(
            EventLoopGroup group,
            Class<? extends ServerSocketChannel> channelType,
            Supplier<GatewaySnapshot> snapshots,
            Clock clock,
            Timeouts timeouts) {
        this.group = Objects.requireNonNull(group, "group");
        this.channelType = Objects.requireNonNull(channelType, "channelType");
        this.snapshots = Objects.requireNonNull(snapshots, "snapshots");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
    }

    public InetSocketAddress start(String bind, int port) throws InterruptedException {
        channel = new ServerBootstrap()
                .group(group)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ConnectionInitializer(snapshots, clock, timeouts))
                .bind(bind, port)
                .sync()
                .channel();
        return (InetSocketAddress) channel.localAddress();
    }

    /** Stops accepting connections; the caller shuts the event loops down after in-flight requests end. */
    @Override
    public void close() {
        if (channel != null) {
            channel.close().awaitUninterruptibly();
        }
    }
}
