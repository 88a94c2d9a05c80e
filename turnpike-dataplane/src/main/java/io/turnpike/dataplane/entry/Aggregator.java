package io.turnpike.dataplane.entry;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.ReferenceCountUtil;

/**
 * Collects a request's body, up to API Gateway's 10 MB. A larger body — announced by
 * {@code Content-Length} or found while reading — gets AWS's fixed 413, and the stream (HTTP/2) or
 * connection (HTTP/1.1) is hung up, since the rest of the body will not be read; see {@link Hangup}.
 */
final class Aggregator extends HttpObjectAggregator {

    Aggregator() {
        super(DataPlaneServer.MAX_BODY_BYTES);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        boolean http2 = ctx.channel() instanceof Http2StreamChannel;
        Hangup.after(ctx, ctx.writeAndFlush(Answers.refusal(RequestLimits.PAYLOAD_TOO_LARGE, http2)));
    }

    /**
     * {@code Expect: 100-continue} with a {@code Content-Length} over the limit is refused before the body
     * is sent, with the same 413 as a body found too large (Netty's own answer has no body).
     */
    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        Object answer = super.newContinueResponse(start, maxContentLength, pipeline);
        if (answer instanceof HttpResponse r && r.status().code() == 413) {
            ReferenceCountUtil.release(answer);
            return Answers.refusal(RequestLimits.PAYLOAD_TOO_LARGE, pipeline.channel() instanceof Http2StreamChannel);
        }
        return answer;
    }

    /** The refused HTTP/1.1 client was told {@code Connection: close}; an HTTP/2 stream simply ends. */
    @Override
    protected boolean closeAfterContinueResponse(Object answer) {
        return answer instanceof HttpResponse r
                && r.status().code() == 413
                && !(ctx().channel() instanceof Http2StreamChannel);
    }
}
