package io.turnpike.dataplane;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The data-plane listener (execute-api).
 *
 * <p>Until deployed APIs are served (the snapshot registry and request pipeline), every invocation is
 * answered as Amazon API Gateway answers a request that matches no deployed resource: 403 {@code
 * {"message":"Missing Authentication Token"}} with {@code x-amzn-ErrorType:
 * MissingAuthenticationTokenException}. {@code GET /_turnpike/health} answers 200 once listening.
 * Uses the native epoll transport where available.
 */
public final class DataPlaneServer implements AutoCloseable {

    public static final String HEALTH_PATH = "/_turnpike/health";

    private static final byte[] MISSING_TOKEN =
            "{\"message\":\"Missing Authentication Token\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] HEALTHY = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);

    private final EventLoopGroup group;
    private final Class<? extends ServerSocketChannel> channelType;
    private Channel channel;

    public DataPlaneServer(int threads) {
        IoHandlerFactory io = Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.group = new MultiThreadIoEventLoopGroup(threads, io);
        this.channelType = Epoll.isAvailable() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public InetSocketAddress start(String bind, int port) throws InterruptedException {
        Responder responder = new Responder();
        channel = new ServerBootstrap()
                .group(group)
                .channel(channelType)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(new HttpServerCodec())
                                .addLast(new HttpServerKeepAliveHandler())
                                .addLast(responder);
                    }
                })
                .bind(bind, port)
                .sync()
                .channel();
        return (InetSocketAddress) channel.localAddress();
    }

    /** Stops accepting connections, then lets the event loops finish what they were writing. */
    @Override
    public void close() {
        if (channel != null) {
            channel.close().awaitUninterruptibly();
        }
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    @ChannelHandler.Sharable
    private static final class Responder extends SimpleChannelInboundHandler<HttpObject> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (msg instanceof HttpRequest req) {
                // answer once the whole request (its body, if any) has been read
                ctx.channel().attr(PENDING).set(req);
            }
            if (msg instanceof LastHttpContent) {
                HttpRequest req = ctx.channel().attr(PENDING).getAndSet(null);
                if (req != null) {
                    boolean keepAlive = HttpUtil.isKeepAlive(req);
                    var f = ctx.writeAndFlush(answer(req));
                    if (!keepAlive) {
                        f.addListener(ChannelFutureListener.CLOSE);
                    }
                }
            }
        }

        private static FullHttpResponse answer(HttpRequest req) {
            String uri = req.uri();
            int q = uri.indexOf('?');
            String path = q < 0 ? uri : uri.substring(0, q);
            FullHttpResponse res;
            if (path.equals(HEALTH_PATH)) {
                res = response(HttpResponseStatus.OK, HEALTHY);
            } else {
                res = response(HttpResponseStatus.FORBIDDEN, MISSING_TOKEN);
                res.headers().set("x-amzn-ErrorType", "MissingAuthenticationTokenException");
            }
            String requestId = UUID.randomUUID().toString();
            res.headers().set("x-amzn-RequestId", requestId);
            HttpUtil.setKeepAlive(res, HttpUtil.isKeepAlive(req));
            return res;
        }

        private static FullHttpResponse response(HttpResponseStatus status, byte[] body) {
            FullHttpResponse res =
                    new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
            res.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
            return res;
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    private static final io.netty.util.AttributeKey<HttpRequest> PENDING =
            io.netty.util.AttributeKey.valueOf("turnpike.pendingResponse");
}
