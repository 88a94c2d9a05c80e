package io.turnpike.dataplane.entry;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http2.HttpConversionUtil;
import io.turnpike.dataplane.pipeline.InvokeResponse;

/**
 * Checks a request head against {@link RequestLimits} the moment it arrives, before its body is
 * collected; the {@link StreamRouter} calls it for every head it is given, held or not. A head over a
 * limit is marked failed: the router then takes the buffered way, the {@link Aggregator} passes it on
 * at once and skips its body, and the {@link InvokeHandler} answers it — early, as HTTP allows, without
 * the gateway having buffered a body it will not use.
 *
 * <p>On an HTTP/2 stream it first undoes what the conversion from HTTP/2 added, so that limits and
 * integrations see the request the client sent: Netty's {@code x-http2-*} bookkeeping headers, and the
 * {@code transfer-encoding: chunked} it adds to bodies of unknown length (HTTP/2 has no such header).
 */
final class HeadLimits {

    private HeadLimits() {}

    /** Marks {@code req} failed when its head is over a limit; a head the decoder already failed is left. */
    static void check(HttpRequest req, boolean http2) {
        if (!req.decoderResult().isSuccess()) {
            return;
        }
        if (http2) {
            fromHttp2(req.headers());
        }
        InvokeResponse refused = RequestLimits.check(req, http2);
        if (refused != null) {
            req.setDecoderResult(DecoderResult.failure(new RequestLimits.Exceeded(refused)));
        }
    }

    private static void fromHttp2(HttpHeaders h) {
        h.remove(HttpConversionUtil.ExtensionHeaderNames.STREAM_ID.text());
        h.remove(HttpConversionUtil.ExtensionHeaderNames.SCHEME.text());
        h.remove(HttpHeaderNames.TRANSFER_ENCODING);
    }
}
