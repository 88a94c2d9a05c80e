package io.turnpike.dataplane.entry;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.turnpike.dataplane.pipeline.ClientStream;
import io.turnpike.dataplane.pipeline.Exchange;
import io.turnpike.dataplane.pipeline.InvokeRequest;
import io.turnpike.dataplane.pipeline.InvokeResponse;
import io.turnpike.dataplane.pipeline.PipelineRunner;
import io.turnpike.dataplane.snapshot.MethodPlan;
import io.turnpike.dataplane.snapshot.StageSnapshot;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One HTTP/1.1 request served as it streams (see {@link StreamRouter}): the method's steps run on the
 * head; the body goes to the integration chunk by chunk; the answer comes back the same way, or whole
 * when a step answers instead (a gateway response).
 *
 * <p><b>Limits.</b> A body larger than 10 MB that announced itself by {@code Content-Length} never gets
 * here (the aggregator answers 413 before anything is sent). One sent in chunks is counted as it
 * passes: past 10 MB the integration is dropped (its upstream connection closed) and the client gets
 * AWS's 413 and the connection is hung up, or, when its answer has already begun, the connection is
 * closed.
 *
 * <p><b>After the answer.</b> A body still arriving when the answer is complete (an error, or an
 * upstream that answered early) is read and dropped, so the connection stays usable; then held
 * requests are served. A client that goes away mid-way drops the integration.
 */
final class StreamedRequest implements ClientStream {

    /** Body held before the integration takes it, beyond which the client is paused. */
    private static final int MAX_EARLY_BYTES = 64 * 1024;

    private static final byte[] EMPTY = new byte[0];
    private static final HttpHeadersFactory HEADERS =
            DefaultHttpHeadersFactory.headersFactory().withValidation(false);
    private static final AsciiString REQUEST_ID = AsciiString.cached("x-amzn-RequestId");
    private static final AsciiString APIGW_ID = AsciiString.cached("x-amz-apigw-id");

    private final boolean http2;
    private final StreamRouter router;
    private final ChannelHandlerContext ctx;
    private final ReadGate gate;
    private final Clock clock;
    private final StageSnapshot stage;
    private final MethodPlan method;
    private final Map<String, String> pathParams;
    private final InvokeTarget target;
    private final String host;
    private final String rawQuery;

    private boolean keepAlive;
    private String requestId;
    private String extendedId;

    private ArrayDeque<HttpContent> early;
    private int earlyBytes;
    private BodyReceiver receiver;
    private boolean requestEnded;
    private long bodyBytes;
    /** The rest of the body is read and dropped (the answer did not need it, or cannot use it). */
    private boolean dropping;
    /** No more of the body goes to a receiver: the client went away or sent too much. */
    private boolean bodyAborted;

    private boolean answerStarted;
    private boolean answerEnded;
    private boolean finished;

    StreamedRequest(
            boolean http2,
            StreamRouter router,
            ChannelHandlerContext ctx,
            ReadGate gate,
            Clock clock,
            StageSnapshot stage,
            MethodPlan method,
            Map<String, String> pathParams,
            InvokeTarget target,
            String host,
            String rawQuery) {
        this.http2 = http2;
        this.router = router;
        this.ctx = ctx;
        this.gate = gate;
        this.clock = clock;
        this.stage = stage;
        this.method = method;
        this.pathParams = pathParams;
        this.target = target;
        this.host = host;
        this.rawQuery = rawQuery;
    }

    boolean requestEnded() {
        return requestEnded;
    }

    /** Runs the method's steps on the head. */
    void start(HttpRequest req) {
        long start = System.nanoTime();
        requestId = RequestIds.next();
        extendedId = ExtendedRequestIds.next();
        keepAlive = http2 || HttpUtil.isKeepAlive(req);
        if (HttpUtil.is100ContinueExpected(req)) {
            // the body is wanted at once: the Expect header itself is not passed on (spec §5.1)
            ctx.writeAndFlush(new DefaultFullHttpResponse(
                    HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER));
        }
        InvokeRequest invoke = new InvokeRequest(
                req.method().name(),
                target.resourcePath(),
                rawQuery,
                InvokeHandler.headers(req.headers()),
                EMPTY,
                InvokeHandler.sourceIp(ctx),
                http2 ? "HTTP/2.0" : req.protocolVersion().text(),
                host == null ? "" : InvokeHandler.stripPort(host),
                target.stagePath());
        Exchange ex = new Exchange(invoke, stage, requestId, extendedId, clock.millis(), start);
        ex.set(ClientStream.KEY, this);
        CompletableFuture<InvokeResponse> answer = PipelineRunner.run(
                        ex, method, pathParams, ctx.channel().eventLoop())
                .toCompletableFuture();
        if (answer.isDone()) {
            answered(answer.isCompletedExceptionally() ? InvokeHandler.internalError() : answer.join());
        } else {
            answer.whenComplete((r, failure) -> answered(failure == null ? r : InvokeHandler.internalError()));
        }
    }

    // ---- the body ----

    /** A part of the body (owned here from now on). */
    void clientContent(HttpContent content) {
        ByteBuf buf = content.content();
        int n = buf.readableBytes();
        bodyBytes += n;
        boolean last = content instanceof LastHttpContent;
        if (last) {
            requestEnded = true;
        }
        if (bodyBytes > DataPlaneServer.MAX_BODY_BYTES) {
            content.release();
            tooLarge();
            return;
        }
        if (dropping || bodyAborted) {
            content.release();
            if (last) {
                maybeFinish();
            }
            return;
        }
        if (receiver != null) {
            receiver.chunk(buf, last);
            return;
        }
        if (early == null) {
            early = new ArrayDeque<>(4);
        }
        early.add(content);
        earlyBytes += n;
        if (earlyBytes > MAX_EARLY_BYTES) {
            gate.set(ReadGate.UPSTREAM, true);
        }
    }

    @Override
    public void receive(BodyReceiver r) {
        if (bodyAborted) {
            r.aborted();
            return;
        }
        receiver = r;
        if (early != null) {
            HttpContent c;
            while ((c = early.poll()) != null) {
                r.chunk(c.content(), c instanceof LastHttpContent);
            }
            earlyBytes = 0;
            gate.set(ReadGate.UPSTREAM, false);
        }
    }

    @Override
    public void pause() {
        if (!dropping && !finished) {
            gate.set(ReadGate.UPSTREAM, true);
        }
    }

    @Override
    public void resume() {
        gate.set(ReadGate.UPSTREAM, false);
    }

    private void tooLarge() {
        if (finished) {
            return;
        }
        finished = true; // the connection is going away: nothing more is served on it
        boolean started = answerStarted;
        answerStarted = true;
        abortBody(); // the integration's failure that follows is not answered: the 413 is
        if (!started) {
            Hangup.after(ctx, ctx.writeAndFlush(Answers.refusal(RequestLimits.PAYLOAD_TOO_LARGE, http2)));
        } else {
            ctx.channel().close();
        }
    }

    /** The client's connection closed. */
    void clientGone() {
        finished = true;
        abortBody();
    }

    private void abortBody() {
        bodyAborted = true;
        releaseEarly();
        gate.set(ReadGate.UPSTREAM, false);
        BodyReceiver r = receiver;
        receiver = null;
        if (r != null) {
            r.aborted();
        }
    }

    private void releaseEarly() {
        if (early != null) {
            HttpContent c;
            while ((c = early.poll()) != null) {
                c.release();
            }
            earlyBytes = 0;
        }
    }

    // ---- the answer ----

    /** What the steps answered: {@link ClientStream#STREAMED}, or a whole answer to write here. */
    private void answered(InvokeResponse r) {
        if (r == ClientStream.STREAMED || answerStarted || finished) {
            return;
        }
        answerStarted = true;
        // the integration (if it ran) has failed and dropped the body; the rest is read and dropped
        dropping = true;
        BodyReceiver r0 = receiver;
        receiver = null;
        if (r0 != null) {
            r0.aborted(); // a no-op for an integration that ended already
        }
        releaseEarly();
        gate.set(ReadGate.UPSTREAM, false);
        ChannelFuture f = ctx.writeAndFlush(Answers.toHttp(r, requestId, extendedId, http2, keepAlive));
        f.addListener(w -> answerWritten());
    }

    @Override
    public HttpHeaders newHeaders() {
        return HEADERS.newHeaders();
    }

    @Override
    public void head(int status, HttpHeaders h, long contentLength) {
        if (answerStarted || finished) {
            return;
        }
        answerStarted = true;
        h.set(REQUEST_ID, requestId);
        h.set(APIGW_ID, extendedId);
        if (contentLength >= 0) {
            h.set(HttpHeaderNames.CONTENT_LENGTH, contentLength);
        } else if (!http2) {
            h.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        if (!http2) {
            h.set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
        }
        ctx.write(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), h));
    }

    @Override
    public boolean write(ByteBuf chunk, boolean last) {
        if (finished || answerEnded) {
            chunk.release();
            return true;
        }
        if (last) {
            LastHttpContent end;
            if (chunk.isReadable()) {
                end = new DefaultLastHttpContent(chunk, EmptyHttpHeaders.INSTANCE); // no trailers to send
            } else {
                chunk.release();
                end = LastHttpContent.EMPTY_LAST_CONTENT;
            }
            ctx.writeAndFlush(end).addListener(w -> answerWritten());
            return true;
        }
        ctx.write(new DefaultHttpContent(chunk), ctx.voidPromise());
        return ctx.channel().isWritable();
    }

    @Override
    public void flush() {
        if (!finished) {
            ctx.flush();
        }
    }

    @Override
    public void abort() {
        if (finished) {
            return;
        }
        finished = true;
        abortBody();
        ctx.channel().close();
    }

    void writabilityChanged(boolean writable) {
        BodyReceiver r = receiver;
        if (writable && r != null && answerStarted && !answerEnded) {
            r.writable();
        }
    }

    private void answerWritten() {
        answerEnded = true;
        if (finished) {
            return;
        }
        if (!keepAlive) {
            finished = true;
            abortBody();
            ctx.channel().close();
            return;
        }
        if (!requestEnded) {
            // answered before the body ended (an upstream that did not wait for it): read and drop the rest
            dropping = true;
            gate.set(ReadGate.UPSTREAM, false);
            return;
        }
        maybeFinish();
    }

    private void maybeFinish() {
        if (answerEnded && requestEnded && !finished) {
            finished = true;
            router.done(this);
        }
    }
}
