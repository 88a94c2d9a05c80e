package io.turnpike.dataplane.entry;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.turnpike.dataplane.pipeline.InvokeResponse;
import java.util.Map;
import java.util.UUID;

/**
 * Turns an {@link InvokeResponse} into what goes on the wire, with the headers API Gateway puts on every
 * answer: {@code x-amzn-RequestId}, {@code x-amz-apigw-id} (once the request got that far),
 * {@code Content-Length} and, on HTTP/1.1, {@code Connection}. HTTP/2 has no connection-level headers
 * (RFC 9113 §8.2.2 makes them malformed), so none are added there.
 */
final class Answers {

    private Answers() {}

    /**
     * @param extendedId {@code x-amz-apigw-id}, or null for answers given before the request was
     *     admitted
     * @param keepAlive ignored on HTTP/2
     */
    static FullHttpResponse toHttp(
            InvokeResponse r, String requestId, String extendedId, boolean http2, boolean keepAlive) {
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
        if (http2) {
            // hop-by-hop headers an integration answered with never reach an HTTP/2 client
            h.remove(HttpHeaderNames.CONNECTION);
            h.remove(HttpHeaderNames.KEEP_ALIVE);
            h.remove(HttpHeaderNames.PROXY_CONNECTION);
            h.remove(HttpHeaderNames.TRANSFER_ENCODING);
            h.remove(HttpHeaderNames.UPGRADE);
        } else {
            h.set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
        }
        return out;
    }

    /** An answer given outside any request (a refusal, a timeout): it carries a fresh request id. */
    static FullHttpResponse refusal(InvokeResponse r, boolean http2) {
        return toHttp(r, UUID.randomUUID().toString(), null, http2, false);
    }
}
