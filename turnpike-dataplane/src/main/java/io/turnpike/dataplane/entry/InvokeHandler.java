package io.turnpike.dataplane.entry;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpUtil;
import io.turnpike.dataplane.pipeline.Exchange;
import io.turnpike.dataplane.pipeline.InvokeRequest;
import io.turnpike.dataplane.pipeline.InvokeResponse;
import io.turnpike.dataplane.pipeline.PipelineRunner;
import io.turnpike.dataplane.snapshot.GatewaySnapshot;
import io.turnpike.dataplane.snapshot.StageSnapshot;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Serves the invocations of one HTTP/1.1 connection or one HTTP/2 stream: checks the request against
 * API Gateway's limits, resolves API and stage, reads the current snapshot once, runs the pipeline, and
 * writes the answer with the headers AWS adds to every response.
 *
 * <p>Requests that stream ({@code HTTP_PROXY}) never get here: the {@link StreamRouter} in front routes
 * every request when its head arrives, serves those itself, and hands the rest on with its routing
 * done. While the client is not taking its answers the connection stops reading; a pipelined request
 * that arrives while the one before it is being answered is held by the {@link StreamRouter} (see
 * {@link ConnectionInitializer}), so answers go out in order and a client cannot queue unbounded work.
 * An HTTP/2 stream carries one request; streams are served side by side.
 */
final class InvokeHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    static final String HEALTH_PATH = "/_turnpike/health";

    private static final byte[] HEALTHY = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] MISSING_TOKEN =
            "{\"message\":\"Missing Authentication Token\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] FORBIDDEN = "{\"message\":\"Forbidden\"}".getBytes(StandardCharsets.UTF_8);

    private final Supplier<GatewaySnapshot> snapshots;
    private final Clock clock;
    private final boolean http2;
    private ReadGate gate;
    /** The HTTP/1.1 connection's router, which routed the request when its head arrived; null on HTTP/2. */
    private final StreamRouter router;
    /** A request is in the gateway pipeline; the next one waits (HTTP/1.1 order). */
    private boolean answering;
    /** An answer has been written (an HTTP/2 stream gets exactly one). */
    private boolean responded;

    /** @param http2 whether this handler serves an HTTP/2 stream rather than an HTTP/1.1 connection */
    InvokeHandler(Supplier<GatewaySnapshot> snapshots, Clock clock, boolean http2) {
        this(snapshots, clock, http2, null, null);
    }

    /**
     * @param gate the connection's read gate, shared with the {@link StreamRouter}; null to make one
     * @param router the HTTP/1.1 connection's router: requests come routed by it (so that a request reads
     *     the snapshot reference once and is routed once); null on HTTP/2
     */
    InvokeHandler(Supplier<GatewaySnapshot> snapshots, Clock clock, boolean http2, ReadGate gate, StreamRouter router) {
        this.snapshots = snapshots;
        this.clock = clock;
        this.http2 = http2;
        this.gate = gate;
        this.router = router;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (gate == null) {
            gate = new ReadGate(ctx.channel(), !http2);
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (!http2 && Hangup.inProgress(ctx.channel())) {
            return; // read before the connection was hung up; nobody would see the answer
        }
        long start = System.nanoTime();
        String requestId = RequestIds.next();
        boolean keepAlive = http2 || HttpUtil.isKeepAlive(req);
        if (!req.decoderResult().isSuccess()) {
            Throwable cause = req.decoderResult().cause();
            if (cause instanceof RequestLimits.Exceeded limit && keepAlive && !http2) {
                // answered as soon as the head arrived; the body behind it is skipped, the connection stays
                write(ctx, true, requestId, null, limit.answer());
            } else if (cause instanceof RequestLimits.Exceeded limit) {
                // the body may still be coming: an HTTP/2 stream is reset, a closing connection lingers
                Hangup.after(ctx, send(ctx, keepAlive, requestId, null, limit.answer()));
            } else {
                // the HTTP/1.1 decoder reads nothing more on this connection: answer, then hang up
                Hangup.after(ctx, send(ctx, false, requestId, null, RequestLimits.refusal(cause)));
            }
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
        StreamRouter.Routed routed = router == null ? null : router.takeRouted();
        InvokeTarget target = routed != null ? routed.target() : InvokeTarget.resolve(host, rawPath);
        GatewaySnapshot snapshot = routed != null ? routed.snapshot() : snapshots.get();
        if (target == null) {
            write(ctx, keepAlive, requestId, null, error(403, "MissingAuthenticationTokenException", MISSING_TOKEN));
            return;
        }
        StageSnapshot stage = routed != null ? routed.stage() : snapshot.stage(target.apiId(), target.stage());
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
                http2 ? "HTTP/2.0" : req.protocolVersion().text(),
                host == null ? "" : stripPort(host),
                target.stagePath());
        String extendedId = ExtendedRequestIds.next();
        Exchange ex = new Exchange(invoke, stage, requestId, extendedId, clock.millis(), start);
        CompletableFuture<InvokeResponse> answer = (routed != null && routed.method() != null
                        ? PipelineRunner.run(
                                ex,
                                routed.method(),
                                routed.pathParams(),
                                ctx.channel().eventLoop())
                        : PipelineRunner.run(ex, ctx.channel().eventLoop()))
                .toCompletableFuture();
        if (answer.isDone()) {
            // answered at once (MOCK, gateway errors): reading never stops, so there is no re-enabling
            // read that would recurse into the next pipelined request from here
            write(ctx, keepAlive, requestId, extendedId, outcome(answer));
            return;
        }
        answering = true;
        reading(ctx);
        answer.whenComplete((response, failure) -> {
            answering = false;
            write(ctx, keepAlive, requestId, extendedId, failure == null ? response : internalError());
        });
    }

    /**
     * Reads the next request only when the previous one is answered and the client is taking its
     * answers: a client that sends requests without reading responses would otherwise make the gateway
     * buffer answers without bound. (A client that stops reading altogether is closed by the idle
     * clock.) On HTTP/1.1 the {@link StreamRouter} holds back a request that arrives while the one
     * before it is answered, so reading stops only for a pipelining client, not for every request.
     */
    private void reading(ChannelHandlerContext ctx) {
        Channel ch = ctx.channel();
        if (!http2 && Hangup.inProgress(ch)) {
            return; // draining until the close
        }
        gate.set(ReadGate.ANSWERING, http2 && answering);
        gate.set(ReadGate.CLIENT_BLOCKED, !ch.isWritable());
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        reading(ctx);
        ctx.fireChannelWritabilityChanged();
    }

    private static InvokeResponse outcome(CompletableFuture<InvokeResponse> done) {
        try {
            return done.join();
        } catch (RuntimeException e) {
            return internalError();
        }
    }

    static InvokeResponse internalError() {
        return error(
                500,
                "InternalServerErrorException",
                "{\"message\":\"Internal server error\"}".getBytes(StandardCharsets.UTF_8));
    }

    private void write(
            ChannelHandlerContext ctx, boolean keepAlive, String requestId, String extendedId, InvokeResponse r) {
        ChannelFuture f = send(ctx, keepAlive, requestId, extendedId, r);
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private ChannelFuture send(
            ChannelHandlerContext ctx, boolean keepAlive, String requestId, String extendedId, InvokeResponse r) {
        responded = true;
        ChannelFuture f = ctx.writeAndFlush(Answers.toHttp(r, requestId, extendedId, http2, keepAlive));
        reading(ctx);
        return f;
    }

    static InvokeResponse error(int status, String type, byte[] body) {
        List<Map.Entry<String, String>> h = new ArrayList<>(2);
        h.add(Map.entry("Content-Type", "application/json"));
        h.add(Map.entry("x-amzn-ErrorType", type));
        return new InvokeResponse(status, h, body);
    }

    static List<Map.Entry<String, String>> headers(HttpHeaders headers) {
        List<Map.Entry<String, String>> out = new ArrayList<>(headers.size());
        var it = headers.iteratorAsString();
        while (it.hasNext()) {
            out.add(it.next());
        }
        return out;
    }

    static String sourceIp(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress a
                ? a.getAddress().getHostAddress()
                : "127.0.0.1";
    }

    static String stripPort(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.lastIndexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

    /**
     * An HTTP/2 stream whose head Netty could not turn into a request (a malformed method, say) is
     * answered 400 and reset; anything else closes the stream or connection.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (http2
                && !responded
                && cause instanceof DecoderException
                && ctx.channel().isActive()) {
            Hangup.after(ctx, send(ctx, true, UUID.randomUUID().toString(), null, RequestLimits.BAD_REQUEST));
            return;
        }
        ctx.close();
    }
}
