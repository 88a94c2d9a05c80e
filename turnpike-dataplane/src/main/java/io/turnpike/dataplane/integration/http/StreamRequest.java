package io.turnpike.dataplane.integration.http;

import io.netty.handler.codec.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * The head of a request whose body is streamed to the upstream as it arrives from the client (see
 * {@link UpstreamClient#stream}).
 *
 * <p>Unlike {@link UpstreamRequest}, nothing here is checked per request: the origin was resolved when
 * the snapshot was compiled, the target was built from checked parts, and the caller checked every
 * header it did not take from the client (whose headers the server's decoder validated already). The
 * client writes {@code Host} (unless given), the body's framing and {@code Connection} itself, and drops
 * the hop-by-hop headers {@link UpstreamRequest} lists.
 *
 * @param target the request target: path and query, percent-encoded
 * @param contentLength the body's length; {@link #CHUNKED} when the client sends it in chunks, {@link
 *     #NO_BODY} when it sends none
 * @param timeout from sending to the end of the response ({@code BUFFERED}) or to its head ({@code
 *     STREAM}, see {@code untilHead})
 * @param untilHead whether {@code timeout} ends when the response head arrives (AWS's response transfer
 *     mode {@code STREAM}) rather than with the response's last byte ({@code BUFFERED})
 * @param maxResponseBytes the largest response body passed on; a larger one fails before the response
 *     starts when its {@code Content-Length} says so, and is cut off (the client's connection closed)
 *     when it grows past the limit while streaming
 * @param responseHeaders adds the upstream's response headers (first) to the client's (second), as the
 *     integration type wants them
 */
public record StreamRequest(
        Origin origin,
        String method,
        String target,
        List<Map.Entry<String, String>> headers,
        long contentLength,
        Duration timeout,
        boolean untilHead,
        long maxResponseBytes,
        BiConsumer<HttpHeaders, HttpHeaders> responseHeaders) {

    public static final long CHUNKED = -1;
    public static final long NO_BODY = -2;

    public StreamRequest {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(responseHeaders, "responseHeaders");
    }

    boolean idempotent() {
        return switch (method) {
            case "GET", "HEAD", "OPTIONS", "PUT", "DELETE" -> true;
            default -> false;
        };
    }
}
