package io.turnpike.dataplane.entry;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.HttpVersion;
import io.turnpike.dataplane.snapshot.SnapshotRegistry;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * The execute-api listener: HTTP/1.1 (keep-alive, pipelining) on the caller's event loops, with AWS's
 * limits — 10 MB bodies (larger ones get AWS's fixed 413), 10,240 bytes of headers, 10,240 bytes of
 * request line.
 */
public final class DataPlaneServer implements AutoCloseable {

    /** API Gateway's payload limit. */
    public static final int MAX_BODY_BYTES = 10 * 1024 * 1024;

    static final int MAX_HEADER_BYTES = 10_240;
    static final int MAX_INITIAL_LINE = 10_240;

    private final EventLoopGroup group;
    private final Class<? extends ServerSocketChannel> channelType;
    private final SnapshotRegistry registry;
    private final Clock clock;
    private Channel channel;

    public DataPlaneServer(
            EventLoopGroup group,
            Class<? extends ServerSocketChannel> channelType,
            SnapshotRegistry registry,
            Clock clock) {
        this.group = group;
        this.channelType = channelType;
        this.registry = registry;
        this.clock = clock;
    }

    public InetSocketAddress start(String bind, int port) throws InterruptedException {
        channel = new ServerBootstrap()
                .group(group)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_BYTES, 65_536))
                                .addLast(new HttpServerKeepAliveHandler())
                                .addLast(new Aggregator())
                                .addLast(new InvokeHandler(registry, clock));
                    }
                })
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

    /** Answers an oversized body exactly as API Gateway does: plain text, not customizable. */
    private static final class Aggregator extends HttpObjectAggregator {
        private static final long DRAIN_SECONDS = 5;
        private static final byte[] TOO_LARGE =
                ("HTTP content length exceeded " + MAX_BODY_BYTES + " bytes.").getBytes(StandardCharsets.UTF_8);

        Aggregator() {
            super(MAX_BODY_BYTES);
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
            FullHttpResponse r = new DefaultFullHttpResponse(
                    HttpVersion.HTTP_1_1,
                    HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    Unpooled.wrappedBuffer(TOO_LARGE));
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text; charset=utf-8");
            r.headers().set(HttpHeaderNames.CONTENT_LENGTH, TOO_LARGE.length);
            r.headers().set(HttpHeaderNames.CONNECTION, "close");
            // Closing at once would reset a client still uploading, and it would never read the answer;
            // the aggregator discards the rest of the body, so drain it and close shortly after.
            ctx.writeAndFlush(r)
                    .addListener(f -> ctx.executor().schedule(() -> ctx.close(), DRAIN_SECONDS, TimeUnit.SECONDS));
        }
    }
}
