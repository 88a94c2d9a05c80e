package io.turnpike.controlplane.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The admin listener: HTTP/1.1 on Netty, where the AWS CLI, SDKs and Terraform send management calls.
 *
 * <p>Event loops only parse and write; every call (authentication, decoding, the store) runs on a
 * separate executor because store writes block on fsync.
 */
public final class AdminServer implements AutoCloseable {

    /** The largest request body accepted; larger requests get a 413 before their body is buffered. */
    public static final int MAX_BODY_BYTES = 10 * 1024 * 1024;

    private final AdminDispatcher dispatcher;
    private final EventLoopGroup group;
    private final ExecutorService executor;
    private Channel channel;

    public AdminServer(AdminDispatcher dispatcher) {
        this.dispatcher = dispatcher;
        this.group = new MultiThreadIoEventLoopGroup(
                1, new DefaultThreadFactory("turnpike-admin-loop"), NioIoHandler.newFactory());
        this.executor = Executors.newFixedThreadPool(8, named("turnpike-admin-"));
    }

    /** Binds and starts serving; returns the bound address (port 0 binds an ephemeral port). */
    public InetSocketAddress start(String bind, int port) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(new HttpServerCodec())
                                .addLast(new HttpServerKeepAliveHandler())
                                .addLast(new Aggregator())
                                .addLast(new AdminHandler(dispatcher, executor));
                    }
                });
        channel = b.bind(bind, port).sync().channel();
        return (InetSocketAddress) channel.localAddress();
    }

    /** Stops accepting, lets calls in progress finish (up to the grace period), then stops. */
    @Override
    public void close() {
        if (channel != null) {
            channel.close().awaitUninterruptibly();
        }
        executor.shutdown();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Answers an oversized body with AWS's error shape instead of Netty's bare 413. */
    private static final class Aggregator extends HttpObjectAggregator {
        Aggregator() {
            super(MAX_BODY_BYTES);
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
            ctx.writeAndFlush(AdminHandler.error(
                            413,
                            "PayloadTooLargeException",
                            "Request body is larger than " + MAX_BODY_BYTES + " bytes",
                            null))
                    .addListener(io.netty.channel.ChannelFutureListener.CLOSE);
        }
    }
}
