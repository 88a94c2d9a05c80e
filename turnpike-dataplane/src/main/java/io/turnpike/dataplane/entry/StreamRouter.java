package io.turnpike.dataplane.entry;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.turnpike.dataplane.pipeline.Step;
import io.turnpike.dataplane.pipeline.StreamingStep;
import io.turnpike.dataplane.routing.RouteTable;
import io.turnpike.dataplane.snapshot.GatewaySnapshot;
import io.turnpike.dataplane.snapshot.MethodPlan;
import io.turnpike.dataplane.snapshot.ResourcePlan;
import io.turnpike.dataplane.snapshot.StageSnapshot;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Supplier;

/**
 * Routes each HTTP/1.1 request when its head arrives, before any of its body: a request for a method
 * whose plan holds a {@link StreamingStep} (an {@code HTTP_PROXY} integration nothing before which
 * reads the body) is served here as a {@link StreamedRequest}, body and answer streaming; every other
 * request goes on to the {@link Aggregator} and the {@link InvokeHandler}, which get the snapshot read
 * here ({@link #snapshotOfRequest}), so that a request reads the snapshot reference once.
 *
 * <p><b>Order.</b> HTTP/1.1 answers go out in the order requests came in. A request that arrives while
 * the one before it is still being answered (a pipelining client) is held here, and the connection
 * stops reading until the answer is out; then the held requests are served in order. A client that
 * waits for each answer before sending the next request never makes the connection stop reading. The
 * end of a buffered answer is seen as it is written through this handler; a streamed one ends in
 * {@link #done}. Whatever arrives while the {@link ReadGate} is closed for another reason (the client
 * is not taking its answers, the upstream is not taking the body) is held too, and served when that
 * reason goes: requests already decoded from the last read wait like the bytes still in the socket.
 */
final class StreamRouter extends ChannelDuplexHandler {

    private final Supplier<GatewaySnapshot> snapshots;
    private final Clock clock;
    private final ReadGate gate;
    private final boolean http2;

    private ChannelHandlerContext ctx;
    /** The request being streamed, until both its body and its answer have ended. */
    private StreamedRequest current;
    /** A buffered request's body is on its way to the aggregator. */
    private boolean bufferedBody;
    /** A buffered request is being answered by the handlers behind this one. */
    private boolean bufferedAnswer;
    /** The last buffered answer head written was informational (100 Continue). */
    private boolean interim;
    /** A buffered answer said {@code Connection: close}: nothing held is served after it. */
    private boolean closing;
    /** Requests (and their bodies) that arrived while the one before them was being answered. */
    private ArrayDeque<Object> held;
    /** How the request now passed on was routed, for the {@link InvokeHandler}. */
    private Routed routed;

    /**
     * A request routed here and passed on: the snapshot read for it, and as far as routing got (the
     * later parts are null when an earlier one found nothing).
     */
    record Routed(
            GatewaySnapshot snapshot,
            InvokeTarget target,
            StageSnapshot stage,
            MethodPlan method,
            java.util.Map<String, String> pathParams) {}

    /** @param http2 whether this router serves an HTTP/2 stream (one request) rather than a connection */
    StreamRouter(Supplier<GatewaySnapshot> snapshots, Clock clock, ReadGate gate, boolean http2) {
        this.snapshots = snapshots;
        this.clock = clock;
        this.gate = gate;
        this.http2 = http2;
    }

    /**
     * How the request the {@link InvokeHandler} is given was routed when its head arrived, or null when
     * it was not (the handler then routes it itself).
     */
    Routed takeRouted() {
        Routed r = routed;
        routed = null;
        return r;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (!http2) {
            gate.onlyHeldLeft(this::replay);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (Hangup.inProgress(ctx.channel())) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest req) {
            HeadLimits.check(req, http2);
        }
        if ((held != null && !held.isEmpty()) || (!http2 && gate.closed())) {
            // behind held requests, or read while the client or the upstream is not taking more
            hold(msg);
            return;
        }
        handle(msg);
    }

    private void handle(Object msg) {
        StreamedRequest s = current;
        if (s != null) {
            if (!s.requestEnded() && msg instanceof HttpContent content && !(msg instanceof HttpRequest)) {
                s.clientContent(content);
            } else {
                hold(msg);
            }
            return;
        }
        if (bufferedBody) {
            if (msg instanceof LastHttpContent) {
                bufferedBody = false;
            }
            ctx.fireChannelRead(msg);
            return;
        }
        if (bufferedAnswer) {
            hold(msg);
            return;
        }
        if (msg instanceof HttpRequest req) {
            route(req);
        } else {
            ctx.fireChannelRead(msg); // content of a request refused at its head: the aggregator drops it
        }
    }

    private void route(HttpRequest req) {
        routed = null;
        // HTTP/1.0 has no chunked framing for an answer of unknown length: such clients are served buffered.
        // On HTTP/1.1 a whole request here is an h2c upgrade attempt; on HTTP/2 it is a request without a body.
        StreamedRequest streamed = !req.decoderResult().isSuccess()
                        || (!http2
                                && (req instanceof FullHttpRequest
                                        || !req.protocolVersion().equals(HttpVersion.HTTP_1_1)))
                ? null
                : streamable(req);
        if (streamed != null) {
            current = streamed;
            if (http2 && !(req instanceof FullHttpRequest) && !req.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
                // a body of unknown length follows (HeadLimits took the conversion's chunked marker off)
                req.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            }
            streamed.start(req);
            if (req instanceof FullHttpRequest whole) {
                streamed.clientContent(whole);
            }
            return;
        }
        bufferedAnswer = true;
        bufferedBody = !(req instanceof FullHttpRequest);
        ctx.fireChannelRead(req);
    }

    /** A streamed request for {@code req}, or null when it takes the buffered way. */
    private StreamedRequest streamable(HttpRequest req) {
        String uri = req.uri();
        int q = uri.indexOf('?');
        String rawPath = q < 0 ? uri : uri.substring(0, q);
        if (rawPath.equals(InvokeHandler.HEALTH_PATH)) {
            return null;
        }
        String host = req.headers().get(HttpHeaderNames.HOST);
        InvokeTarget target = InvokeTarget.resolve(host, rawPath);
        GatewaySnapshot snapshot = snapshots.get();
        if (target == null) {
            routed = new Routed(snapshot, null, null, null, null);
            return null;
        }
        StageSnapshot stage = snapshot.stage(target.apiId(), target.stage());
        if (stage == null || Boolean.TRUE.equals(stage.api().disableExecuteApiEndpoint())) {
            routed = new Routed(snapshot, target, null, null, null);
            return null;
        }
        RouteTable.Match<ResourcePlan> match = stage.routes().match(target.resourcePath());
        MethodPlan method =
                match == null ? null : match.value().forVerb(req.method().name());
        if (method == null
                || !streams(method.steps())
                // the aggregator answers AWS's 413 before anything is sent
                || HttpUtil.getContentLength(req, -1L) > DataPlaneServer.MAX_BODY_BYTES) {
            routed = new Routed(snapshot, target, stage, method, method == null ? null : match.pathParams());
            return null;
        }
        return new StreamedRequest(
                http2,
                this,
                ctx,
                gate,
                clock,
                stage,
                method,
                match.pathParams(),
                target,
                host,
                q < 0 ? "" : uri.substring(q + 1));
    }

    private static boolean streams(List<Step> steps) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i) instanceof StreamingStep) {
                return true;
            }
        }
        return false;
    }

    private void hold(Object msg) {
        if (held == null) {
            held = new ArrayDeque<>(4);
        }
        held.add(msg);
        gate.set(ReadGate.HELD, true);
    }

    /** The streamed request {@code s} has ended (its body read, its answer written): serve what waits. */
    void done(StreamedRequest s) {
        if (current == s) {
            current = null;
            replay();
        }
    }

    /** Whether {@code s} is still the request being streamed (a new one may have started). */
    boolean isCurrent(StreamedRequest s) {
        return current == s;
    }

    private void replay() {
        while (held != null && !held.isEmpty()) {
            if (closing) {
                return; // the connection closes once the answer is out; held requests are released then
            }
            if (!http2 && gate.closedBesidesHeld()) {
                return; // the client is not taking its answers, or the upstream the body: the gate says when
            }
            StreamedRequest s = current;
            if ((s != null && s.requestEnded()) || (s == null && bufferedAnswer && !bufferedBody)) {
                return; // the next request waits for this one's answer
            }
            handle(held.poll());
        }
        gate.set(ReadGate.HELD, false);
    }

    /** Sees the answers of buffered requests go out; the end of one lets a held request in. */
    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        boolean end = false;
        boolean keepAlive = true;
        if (msg instanceof HttpResponse r) {
            interim = r.status().codeClass() == HttpStatusClass.INFORMATIONAL;
            keepAlive = HttpUtil.isKeepAlive(r);
        }
        if (msg instanceof LastHttpContent && !interim) {
            end = true;
        }
        ctx.write(msg, promise);
        if (end && bufferedAnswer) {
            bufferedAnswer = false;
            if (keepAlive) {
                replay();
            } else {
                closing = true;
            }
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        StreamedRequest s = current;
        if (s != null) {
            s.writabilityChanged(ctx.channel().isWritable());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        StreamedRequest s = current;
        current = null;
        if (s != null) {
            s.clientGone();
        }
        if (held != null) {
            Object m;
            while ((m = held.poll()) != null) {
                ReferenceCountUtil.release(m);
            }
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (held != null) {
            Object m;
            while ((m = held.poll()) != null) {
                ReferenceCountUtil.release(m);
            }
        }
    }
}
