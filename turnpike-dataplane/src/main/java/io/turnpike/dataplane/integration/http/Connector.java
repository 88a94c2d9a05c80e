package io.turnpike.dataplane.integration.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.turnpike.dataplane.Deferred;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * What every pool shares: settings, the bootstrap, both TLS contexts and the resolver. Immutable after
 * construction except for the closed flag.
 */
final class Connector implements AutoCloseable {

    private final UpstreamSettings settings;
    private final Bootstrap bootstrap;
    private final Deferred<SslContext> verifyingTls;
    private final Deferred<SslContext> trustingTls;
    private final HostResolver resolver;
    private final int perLoopCap;
    private final long idleTimeoutNanos;
    private final long sweepIntervalNanos;
    private volatile boolean closed;

    Connector(
            EventLoopGroup group,
            Class<? extends Channel> channelType,
            UpstreamSettings settings,
            int loops,
            HostResolver resolver) {
        this.settings = settings;
        this.resolver = resolver;
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(channelType)
                // we resolve ourselves, off the event loop (see HostResolver)
                .disableResolver()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                        settings.connectTimeout().toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true);
        // Built on first use, by the resolver's threads: loading the JDK's trust store reads a file, which
        // must not happen on an event loop, and setting up the TLS stack is a large part of a start, for
        // https upstreams many APIs never have.
        this.verifyingTls = Deferred.onFirstUse(
                () -> context(SslContextBuilder.forClient().endpointIdentificationAlgorithm("HTTPS")),
                resolver.executor());
        this.trustingTls = Deferred.onFirstUse(
                () -> context(SslContextBuilder.forClient()
                        .trustManager(InsecureTrustManagerFactory.INSTANCE)
                        .endpointIdentificationAlgorithm(null)),
                resolver.executor());
        this.perLoopCap = Math.max(1, (settings.maxConnectionsPerOrigin() + loops - 1) / loops);
        this.idleTimeoutNanos = settings.idleTimeout().toNanos();
        this.sweepIntervalNanos = Math.max(
                TimeUnit.MILLISECONDS.toNanos(10), Math.min(TimeUnit.SECONDS.toNanos(1), idleTimeoutNanos / 10));
    }

    UpstreamSettings settings() {
        return settings;
    }

    /** A bootstrap for one new connection on {@code loop}, whose pipeline {@code connection} builds. */
    Bootstrap bootstrap(EventLoop loop, UpstreamConnection connection) {
        return bootstrap.clone(loop).handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                connection.initPipeline(ch);
            }
        });
    }

    /** The client TLS context, built on first use off the event loops; see {@link Deferred}. */
    CompletableFuture<SslContext> tls(boolean skipVerification) {
        return (skipVerification ? trustingTls : verifyingTls).get();
    }

    private static SslContext context(SslContextBuilder builder) {
        try {
            return builder.build();
        } catch (SSLException e) {
            throw new UncheckedIOException("cannot set up TLS for upstream connections", e);
        }
    }

    HostResolver resolver() {
        return resolver;
    }

    int perLoopCap() {
        return perLoopCap;
    }

    long idleTimeoutNanos() {
        return idleTimeoutNanos;
    }

    long sweepIntervalNanos() {
        return sweepIntervalNanos;
    }

    boolean closed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        resolver.close();
    }
}
