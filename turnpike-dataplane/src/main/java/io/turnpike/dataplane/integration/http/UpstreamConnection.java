package io.turnpike.dataplane.integration.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.NetUtil;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * One pooled connection to an origin, and the last handler of its pipeline.
 *
 * <p>The pipeline ({@code [SslHandler] → ResponseDecoder → HttpRequestEncoder → this}) is built once
 * when the connection opens; a pooled connection then carries one exchange after another with no
 * per-request pipeline changes. Everything here runs on the connection's event loop, the same loop as
 * its pool and its exchanges, so no field needs more than plain access.
 *
 * <p>Lifecycle: opened for one exchange ({@code pending}) — resolve, connect, TLS handshake — then
 * carries that exchange ({@code current}), then is released to the pool (idle) or abandoned (closed).
 * It holds one of the pool's connection slots from creation until {@link OriginPool#retire}.
 */
final class UpstreamConnection extends ChannelInboundHandlerAdapter
        implements ChannelFutureListener, HostResolver.Callback {

    private final OriginPool pool;
    private Channel channel;
    private ResponseDecoder decoder;
    private SslHandler ssl;
    /** The TLS context of an https origin, known before the connection opens. */
    private SslContext tls;

    /** The exchange this connection was opened for, until it is ready; null afterwards. */
    private Call pending;
    /** The exchange in flight; null while idle or opening. */
    private Call current;

    private boolean reused;

    // owned by OriginPool: whether this connection still counts against the cap, and its idle state
    boolean holdsSlot = true;
    boolean idle;
    long idleSince;

    UpstreamConnection(OriginPool pool, Call pending) {
        this.pool = pool;
        this.pending = pending;
    }

    Call current() {
        return current;
    }

    /** Whether the exchange in flight got this connection from the pool rather than fresh. */
    boolean reused() {
        return reused;
    }

    boolean isActive() {
        return channel != null && channel.isActive();
    }

    /** Resolves, connects and (for https) handshakes; then carries the pending exchange. */
    void open() {
        Origin origin = pool.origin();
        if (origin.secure() && tls == null) {
            CompletableFuture<SslContext> context = pool.connector().tls(origin.insecure());
            if (!context.isDone()) { // the first https connection: the context is being built off the loop
                context.whenComplete((c, e) -> {
                    try {
                        pool.loop().execute(this::open);
                    } catch (RejectedExecutionException closing) {
                        // the loop is shutting down; its pools and exchanges go with it
                    }
                });
                return;
            }
            try {
                tls = context.join();
            } catch (CompletionException | CancellationException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                connectFailed("cannot set up TLS for " + origin + ": " + cause.getMessage(), cause);
                return;
            }
        }
        pool.connector().resolver().resolve(origin.bareHost(), origin.port(), pool.loop(), this);
    }

    @Override
    public void resolved(InetSocketAddress address, Throwable failure) {
        if (failure != null) {
            connectFailed("could not resolve " + pool.origin().bareHost() + ": " + failure.getMessage(), failure);
            return;
        }
        ChannelFuture connect = pool.connector().bootstrap(pool.loop(), this).connect(address);
        channel = connect.channel();
        connect.addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                connectFailed(
                        "could not connect to " + pool.origin() + ": "
                                + f.cause().getMessage(),
                        f.cause());
            } else if (ssl != null) {
                ssl.handshakeFuture().addListener(h -> {
                    if (h.isSuccess()) {
                        ready();
                    } else {
                        connectFailed(
                                "TLS handshake with " + pool.origin() + " failed: "
                                        + h.cause().getMessage(),
                                h.cause());
                    }
                });
            } else {
                ready();
            }
        });
    }

    /** Builds the pipeline once, when the channel registers. */
    void initPipeline(Channel ch) {
        channel = ch;
        ChannelPipeline p = ch.pipeline();
        Origin origin = pool.origin();
        if (origin.secure()) {
            ssl = tls.newHandler(ch.alloc(), origin.bareHost(), origin.port());
            ssl.setHandshakeTimeoutMillis(
                    pool.connector().settings().connectTimeout().toMillis());
            nameServer(ssl.engine(), origin.bareHost());
            p.addLast(ssl);
        }
        decoder = new ResponseDecoder(this);
        p.addLast(decoder);
        p.addLast(new HttpRequestEncoder());
        p.addLast(this);
    }

    /**
     * Sends SNI for every host name. The JDK sends it on its own only for names with a dot, which leaves
     * out single-label names such as {@code localhost} or a Kubernetes service name, exactly the names an
     * ingress in front of an internal upstream routes by. IP literals get none, as RFC 6066 says.
     */
    private static void nameServer(SSLEngine engine, String host) {
        if (NetUtil.isValidIpV4Address(host) || NetUtil.isValidIpV6Address(host)) {
            return;
        }
        SNIHostName name;
        try {
            name = new SNIHostName(host);
        } catch (IllegalArgumentException e) {
            return; // not a name SNI can carry; connect without it
        }
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setServerNames(List.of(name));
        engine.setSSLParameters(parameters);
    }

    private void connectFailed(String message, Throwable cause) {
        Call exchange = pending;
        pending = null;
        if (channel != null) {
            channel.close();
        }
        if (exchange != null) {
            exchange.connectFailed(message, cause);
        }
        pool.retire(this);
    }

    private void ready() {
        Call exchange = pending;
        pending = null;
        if (exchange != null && !exchange.done()) {
            start(exchange, false);
        } else {
            // its exchange timed out while we connected: the connection is still good for the next one
            pool.release(this);
        }
    }

    /** Sends {@code exchange} on this connection. */
    void start(Call exchange, boolean fromPool) {
        current = exchange;
        reused = fromPool;
        decoder.expectResponse();
        exchange.attach(this);
        exchange.send(channel, this);
    }

    /** The write of the current exchange's request completed. */
    @Override
    public void operationComplete(ChannelFuture future) {
        Call exchange = current;
        if (exchange == null) {
            return;
        }
        if (future.isSuccess()) {
            exchange.writeDone();
        } else {
            exchange.connectionLost(this, future.cause(), decoder.bytesSeen());
        }
    }

    /** The current exchange got its whole response; pool the connection if it may be reused. */
    void finished(boolean reusable) {
        current = null;
        if (reusable && channel.isActive()) {
            pool.release(this);
        } else {
            abandon();
        }
    }

    /** Closes the connection and gives its slot back; safe to call more than once. */
    void abandon() {
        current = null;
        if (channel != null) {
            channel.close();
        }
        pool.retire(this);
    }

    /** Closes the channel without giving back the slot, which the caller reuses at once. */
    void closeKeepingSlot() {
        holdsSlot = false;
        current = null;
        channel.close();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            Call exchange = current;
            if (exchange == null) {
                abandon();
            } else {
                exchange.onMessage(msg);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        Call exchange = current;
        if (exchange != null) {
            exchange.readComplete();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Call exchange = current;
        if (exchange != null) {
            exchange.writabilityChanged(ctx.channel().isWritable());
        }
    }

    /** The channel, for a streamed call that pauses reading while its client is not taking data. */
    Channel channel() {
        return channel;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Call exchange = current;
        if (exchange != null) {
            exchange.connectionLost(this, null, decoder.bytesSeen());
        }
        pool.retire(this);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Call exchange = current;
        if (exchange != null) {
            exchange.connectionLost(this, cause, decoder.bytesSeen());
        }
        abandon();
    }
}
