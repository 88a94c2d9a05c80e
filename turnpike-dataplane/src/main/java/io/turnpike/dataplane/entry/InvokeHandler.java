package io.turnpike.dataplane.entry;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.turnpike.dataplane.pipeline.Exchange;
import io.turnpike.dataplane.pipeline.InvokeRequest;
import io.turnpike.dataplane.pipeline.InvokeResponse;
import io.turnpike.dataplane.pipeline.PipelineRunner;
import io.turnpike.dataplane.snapshot.GatewaySnapshot;
import io.turnpike.dataplane.snapshot.SnapshotRegistry;
import io.turnpike.dataplane.snapshot.StageSnapshot;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Serves one connection's invocations: resolves API and stage, reads the current snapshot once, runs
 * the pipeline, and writes the answer with the headers AWS adds to every response.
 *
 * <p>While a request is in flight the connection stops reading, so pipelined HTTP/1.1 requests are
 * answered in order and a client cannot queue unbounded work.
 */
final class InvokeHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    static final String HEALTH_PATH = "/_turnpike/health";

    private static final byte[] HEALTHY = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] MISSING_TOKEN =
            "{\"message\":\"Missing Authentication Token\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] FORBIDDEN = "{\"message\":\"Forbidden\"}".getBytes(StandardCharsets.UTF_8);

    private final SnapshotRegistry registry;
    private final Clock clock;

    InvokeHandler(SnapshotRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        long start = System.nanoTime();
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        String requestId = UUID.randomUUID().toString();
        if (!req.decoderResult().isSuccess()) {
            write(ctx, keepAlive, requestId, null, plain(400, "{\"message\":\"Bad Request\"}"));
            return;
        }
        String uri = req.uri();
        int q = uri.indexOf('?');
        String rawPath = q < 0 ? uri : uri.substring(0, q);
        if (rawPath.equals(HEALTH_PATH)) {
            write(ctx, keepAlive, requestId, null, InvokeResponse.json(200, HEALTHY));
            return;
        }
        String host = req.headers().get(HttpHeaderNames.HOST);
        InvokeTarget target = InvokeTarget.resolve(host, rawPath);
        GatewaySnapshot snapshot = registry.current();
        if (target == null) {
            write(ctx, keepAlive, requestId, null, error(403, "MissingAuthenticationTokenException", MISSING_TOKEN));
            return;
        }
        StageSnapshot stage = snapshot.stage(target.apiId(), target.stage());
        if (stage == null || Boolean.TRUE.equals(stage.api().disableExecuteApiEndpoint())) {
            write(ctx, keepAlive, requestId, null, error(403, "ForbiddenException", FORBIDDEN));
            return;
        }
        InvokeRequest invoke = new InvokeRequest(
                req.method().name(),
                target.resourcePath(),
                q < 0 ? "" : uri.substring(q + 1),
                headers(req.headers()),
                ByteBufUtil.getBytes(req.content()),
                sourceIp(ctx),
                req.protocolVersion().text(),
                host == null ? "" : stripPort(host),
                target.stagePath());
        String extendedId = ExtendedRequestIds.next();
        Exchange ex = new Exchange(invoke, stage, requestId, extendedId, clock.millis(), start);
        ctx.channel().config().setAutoRead(false);
        PipelineRunner.run(ex, ctx.channel().eventLoop()).whenComplete((response, failure) -> {
            InvokeResponse r = failure == null
                    ? response
                    : error(
                            500,
                            "InternalServerErrorException",
                            "{\"message\":\"Internal server error\"}".getBytes(StandardCharsets.UTF_8));
            write(ctx, keepAlive, requestId, extendedId, r);
            ctx.channel().config().setAutoRead(true);
        });
    }

    private static void write(
            ChannelHandlerContext ctx, boolean keepAlive, String requestId, String extendedId, InvokeResponse r) {
        FullHttpResponse out = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status()), Unpooled.wrappedBuffer(r.body()));
        HttpHeaders h = out.headers();
        for (Map.Entry<String, String> e : r.headers()) {
            h.add(e.getKey(), e.getValue());
        }
        h.set("x-amzn-RequestId", requestId);
        if (extendedId != null) {
            h.set("x-amz-apigw-id", extendedId);
        }
        h.set(HttpHeaderNames.CONTENT_LENGTH, r.body().length);
        HttpUtil.setKeepAlive(out, keepAlive);
        var f = ctx.writeAndFlush(out);
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static InvokeResponse error(int status, String type, byte[] body) {
        List<Map.Entry<String, String>> h = new ArrayList<>(2);
        h.add(Map.entry("Content-Type", "application/json"));
        h.add(Map.entry("x-amzn-ErrorType", type));
        return new InvokeResponse(status, h, body);
    }

    private static InvokeResponse plain(int status, String body) {
        return InvokeResponse.json(status, body.getBytes(StandardCharsets.UTF_8));
    }

    private static List<Map.Entry<String, String>> headers(HttpHeaders headers) {
        List<Map.Entry<String, String>> out = new ArrayList<>(headers.size());
        var it = headers.iteratorAsString();
        while (it.hasNext()) {
            out.add(it.next());
        }
        return out;
    }

    private static String sourceIp(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress a
                ? a.getAddress().getHostAddress()
                : "127.0.0.1";
    }

    private static String stripPort(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.lastIndexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
