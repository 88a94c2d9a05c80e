package io.turnpike.dataplane.entry;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http2.HttpConversionUtil;
import io.turnpike.dataplane.pipeline.InvokeResponse;

/**
 * Checks each request head against {@link RequestLimits} the moment it arrives, before its body is
 * collected. A head over a limit is marked failed: the {@link Aggregator} then passes it on at once and
 * skips its body, and the {@link InvokeHandler} answers it — early, as HTTP allows, without the gateway
 * having buffered a body it will not use.
 *
 * <p>On an HTTP/2 stream it first undoes what the conversion from HTTP/2 added, so that limits and
 * integrations see the request the client sent: Netty's {@code x-http2-*} bookkeeping headers, and the
 * {@code transfer-encoding: chunked} it adds to bodies of unknown length (HTTP/2 has no such header).
 */
final class HeadLimits extends ChannelInboundHandlerAdapter {

    private final boolean http2;

    HeadLimits(boolean http2) {
        this.http2 = http2;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest req && req.decoderResult().isSuccess()) {
            if (http2) {
                fromHttp2(req.headers());
            }
            InvokeResponse refused = RequestLimits.check(req, http2);
            if (refused != null) {
                req.setDecoderResult(DecoderResult.failure(new RequestLimits.Exceeded(refused)));
            }
        }
        ctx.fireChannelRead(msg);
    }

    private static void fromHttp2(HttpHeaders h) {
        h.remove(HttpConversionUtil.ExtensionHeaderNames.STREAM_ID.text());
        h.remove(HttpConversionUtil.ExtensionHeaderNames.SCHEME.text());
        h.remove(HttpHeaderNames.TRANSFER_ENCODING);
    }
}
