package io.turnpike.functions.host;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The in-process Lambda Runtime API on 127.0.0.1.
 *
 * <p><b>One listening port per instance.</b> Every standard runtime client (AWS's Java client with its
 * native HTTP code, the custom-runtime tutorial's {@code curl}, our node and python clients) reads
 * {@code AWS_LAMBDA_RUNTIME_API} as a bare {@code host:port} and appends {@code /2018-06-01/...}, so a
 * path prefix per instance is not something they all accept. A port per instance needs nothing of the
 * client, makes the instance implicit in the connection (a process can only ever pull its own events),
 * and costs one server socket on a shared event loop. The ports are ephemeral and closed with the
 * instance.
 */
final class RuntimeApiServer implements AutoCloseable {

    static final String PREFIX = "/2018-06-01/runtime/";
    static final int MAX_PAYLOAD = 6 * 1024 * 1024 + 100; // 6291556, RIE's interop.MaxPayloadSize

    private final EventLoopGroup group;

    RuntimeApiServer() {
        this.group = new MultiThreadIoEventLoopGroup(
                1, new DefaultThreadFactory("turnpike-runtime-api", true), NioIoHandler.newFactory());
    }

    /** Opens the instance's own listener. Blocks until bound: call off the event loop. */
    Channel bind(Instance instance) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 16)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(new HttpServerCodec())
                                .addLast(new HttpServerExpectContinueHandler())
                                .addLast(new Handler(instance));
                    }
                });
        return b.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .sync()
                .channel();
    }

    static int port(Channel server) {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** Answers a request on {@code ctx}; thread-safe (Netty hands the write to the channel's loop). */
    static void send(
            ChannelHandlerContext ctx,
            HttpResponseStatus status,
            byte[] body,
            String contentType,
            Map<String, String> headers,
            boolean keepAlive) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        headers.forEach((k, v) -> res.headers().set(k, v));
        if (keepAlive) {
            ctx.writeAndFlush(res);
        } else {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** RIE's error rendering: {@code {"errorMessage": "...", "errorType": "..."}}. */
    static void sendError(
            ChannelHandlerContext ctx, HttpResponseStatus status, String type, String message, boolean keepAlive) {
        send(ctx, status, ErrorDocuments.runtimeApiError(type, message), "application/json", Map.of(), keepAlive);
    }

    static void sendAccepted(ChannelHandlerContext ctx, boolean keepAlive) {
        send(
                ctx,
                HttpResponseStatus.ACCEPTED,
                "{\"status\":\"OK\"}\n".getBytes(StandardCharsets.UTF_8),
                "application/json",
                Map.of(),
                keepAlive);
    }

    /**
     * Aggregates one request at a time up to {@link #MAX_PAYLOAD} (past that the body is dropped as it
     * arrives and the request answered 413 at its end), then routes it to the instance.
     */
    private static final class Handler extends ChannelInboundHandlerAdapter {
        private final Instance instance;
        private HttpRequest request;
        private CompositeByteBuf body;
        private boolean tooLarge;

        Handler(Instance instance) {
            this.instance = instance;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof HttpRequest req) {
                    request = req;
                    tooLarge = HttpUtil.getContentLength(req, -1L) > MAX_PAYLOAD;
                    body = ctx.alloc().compositeBuffer(64);
                }
                if (msg instanceof HttpContent content && request != null) {
                    ByteBuf data = content.content();
                    if (!tooLarge && data.isReadable()) {
                        if (body.readableBytes() + data.readableBytes() > MAX_PAYLOAD) {
                            tooLarge = true;
                            body.release();
                            body = ctx.alloc().compositeBuffer(1);
                        } else {
                            body.addComponent(true, data.retain());
                        }
                    }
                    if (msg instanceof LastHttpContent) {
                        HttpRequest req = request;
                        byte[] bytes = tooLarge ? new byte[0] : ByteBufUtil.getBytes(body);
                        body.release();
                        body = null;
                        request = null;
                        dispatch(ctx, req, bytes, tooLarge);
                    }
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private void dispatch(ChannelHandlerContext ctx, HttpRequest req, byte[] bytes, boolean large) {
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            String uri = req.uri();
            int q = uri.indexOf('?');
            String path = q < 0 ? uri : uri.substring(0, q);
            if (!path.startsWith(PREFIX)) {
                notFound(ctx, keepAlive);
                return;
            }
            String rest = path.substring(PREFIX.length());
            HttpMethod method = req.method();
            if (rest.equals("invocation/next")) {
                if (!method.equals(HttpMethod.GET)) {
                    notAllowed(ctx, keepAlive);
                    return;
                }
                instance.onNext(ctx, keepAlive);
                return;
            }
            if (rest.equals("init/error")) {
                if (!method.equals(HttpMethod.POST)) {
                    notAllowed(ctx, keepAlive);
                    return;
                }
                instance.onInitError(ctx, req.headers().get(Instance.ERROR_TYPE_HEADER), bytes, keepAlive);
                return;
            }
            if (rest.startsWith("invocation/")) {
                String tail = rest.substring("invocation/".length());
                int slash = tail.indexOf('/');
                if (slash > 0) {
                    String id = tail.substring(0, slash);
                    String verb = tail.substring(slash + 1);
                    if (verb.equals("response") || verb.equals("error")) {
                        if (!method.equals(HttpMethod.POST)) {
                            notAllowed(ctx, keepAlive);
                            return;
                        }
                        String contentType = req.headers().get(HttpHeaderNames.CONTENT_TYPE);
                        if (verb.equals("response")) {
                            instance.onResponse(ctx, id, bytes, contentType, large, keepAlive);
                        } else {
                            instance.onError(
                                    ctx, id, req.headers().get(Instance.ERROR_TYPE_HEADER), bytes, large, keepAlive);
                        }
                        return;
                    }
                }
            }
            notFound(ctx, keepAlive);
        }

        // Go's net/http (RIE's router) answers unknown paths and methods as plain text.
        private static void notFound(ChannelHandlerContext ctx, boolean keepAlive) {
            send(
                    ctx,
                    HttpResponseStatus.NOT_FOUND,
                    "404 page not found\n".getBytes(StandardCharsets.UTF_8),
                    "text/plain; charset=utf-8",
                    Map.of(),
                    keepAlive);
        }

        private static void notAllowed(ChannelHandlerContext ctx, boolean keepAlive) {
            send(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, new byte[0], "text/plain", Map.of(), keepAlive);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (body != null) {
                body.release();
                body = null;
            }
            instance.onDisconnect(ctx);
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
