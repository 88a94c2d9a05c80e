package io.turnpike.controlplane.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/** Hands each aggregated request to the dispatcher on the admin executor and writes its answer back. */
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private final AdminDispatcher dispatcher;
    private final ExecutorService executor;

    AdminHandler(AdminDispatcher dispatcher, ExecutorService executor) {
        this.dispatcher = dispatcher;
        this.executor = executor;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (!req.decoderResult().isSuccess()) {
            write(ctx, false, error(400, "BadRequestException", "Malformed HTTP request", null));
            return;
        }
        String uri = req.uri();
        int q = uri.indexOf('?');
        List<Map.Entry<String, String>> headers = new ArrayList<>(req.headers().size());
        for (Map.Entry<String, String> h : req.headers()) {
            headers.add(Map.entry(h.getKey(), h.getValue()));
        }
        AdminRequest request = new AdminRequest(
                req.method().name(),
                q < 0 ? uri : uri.substring(0, q),
                q < 0 ? "" : uri.substring(q + 1),
                headers,
                ByteBufUtil.getBytes(req.content()));
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        try {
            executor.execute(() -> {
                AdminResponse response;
                try {
                    response = dispatcher.dispatch(request);
                } catch (Throwable t) { // even an Error must not leave the client waiting for an answer
                    response = AdminResponse.error(500, "InternalFailure", "Internal failure", null);
                    if (t instanceof Error e && !(t instanceof StackOverflowError)) {
                        write(ctx, false, toNetty(response));
                        throw e;
                    }
                }
                write(ctx, keepAlive, toNetty(response));
            });
        } catch (RejectedExecutionException e) {
            write(ctx, false, error(503, "ServiceUnavailableException", "Turnpike is shutting down", null));
        }
    }

    private static void write(ChannelHandlerContext ctx, boolean keepAlive, FullHttpResponse response) {
        HttpUtil.setKeepAlive(response, keepAlive);
        var f = ctx.writeAndFlush(response);
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static FullHttpResponse toNetty(AdminResponse r) {
        FullHttpResponse out = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status()), Unpooled.wrappedBuffer(r.body()));
        for (Map.Entry<String, String> h : r.headers()) {
            out.headers().add(h.getKey(), h.getValue());
        }
        out.headers().set(HttpHeaderNames.CONTENT_LENGTH, r.body().length);
        return out;
    }

    static FullHttpResponse error(int status, String type, String message, String requestId) {
        return toNetty(AdminResponse.error(status, type, message, requestId));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
