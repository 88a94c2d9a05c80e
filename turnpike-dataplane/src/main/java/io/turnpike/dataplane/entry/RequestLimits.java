package io.turnpike.dataplane.entry;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.turnpike.dataplane.pipeline.InvokeResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * API Gateway's limits on a request's head, and what a client gets for breaking them.
 *
 * <p>AWS documents the limits (regional endpoints): 10,240 bytes for the combined header values and
 * 10,240 bytes for the URL. What it answers when they are exceeded is not recorded; Turnpike answers
 * 431 and 414 with the JSON body shape of API Gateway's own errors, and 400 for requests that are not
 * HTTP. A request that stays within the hard caps below is read whole and answered on a connection that
 * stays open; one that goes past them is refused while it is still arriving (so a client can never make
 * the gateway buffer an unbounded head) and the connection is closed after the answer.
 */
final class RequestLimits {

    /** API Gateway's limit on the combined size of all header values. */
    static final int MAX_HEADER_VALUE_BYTES = 10_240;

    /** API Gateway's limit on the URL (path and query) of a regional endpoint. */
    static final int MAX_URL_BYTES = 10_240;

    /** Hard cap on the HTTP/1.1 request line the decoder buffers: the URL limit plus method and version. */
    static final int MAX_REQUEST_LINE = 16_384;

    /**
     * Hard cap on a request's header section (names, values and framing; for HTTP/2 the header list size
     * as RFC 9113 counts it), far above what {@link #MAX_HEADER_VALUE_BYTES} lets through.
     */
    static final int MAX_HEADER_SECTION = 65_536;

    static final InvokeResponse BAD_REQUEST = json(400, "Bad Request");
    static final InvokeResponse URI_TOO_LONG = json(414, "Request URI too long");
    static final InvokeResponse HEADERS_TOO_LARGE = json(431, "Request Header Fields Too Large");
    static final InvokeResponse REQUEST_TIMEOUT = json(408, "Request Timeout");

    /** API Gateway's fixed, non-customizable answer to a body over 10 MB (plain text, as AWS sends it). */
    static final InvokeResponse PAYLOAD_TOO_LARGE = new InvokeResponse(
            413,
            List.of(Map.entry("Content-Type", "text; charset=utf-8")),
            ("HTTP content length exceeded " + DataPlaneServer.MAX_BODY_BYTES + " bytes.")
                    .getBytes(StandardCharsets.UTF_8));

    private RequestLimits() {}

    /**
     * Marks a request head that broke a limit (as its decoder result), so that the body behind it is
     * skipped rather than collected, and the {@link InvokeHandler} answers it.
     */
    static final class Exceeded extends RuntimeException {
        private final transient InvokeResponse answer;

        Exceeded(InvokeResponse answer) {
            super("request limit: " + answer.status(), null, false, false);
            this.answer = answer;
        }

        InvokeResponse answer() {
            return answer;
        }
    }

    /**
     * The answer to a request whose head breaks a limit or is not valid HTTP, or null when it may be
     * served. {@code http2} requests carry their authority in {@code :authority}, so only HTTP/1.1
     * requires exactly one {@code Host} (RFC 9112 §3.2).
     */
    static InvokeResponse check(HttpRequest req, boolean http2) {
        if (req.uri().length() > MAX_URL_BYTES) {
            return URI_TOO_LONG;
        }
        HttpHeaders headers = req.headers();
        long valueBytes = 0;
        var it = headers.iteratorCharSequence();
        while (it.hasNext()) {
            valueBytes += it.next().getValue().length();
        }
        if (valueBytes > MAX_HEADER_VALUE_BYTES) {
            return HEADERS_TOO_LARGE;
        }
        if (!http2 && req.protocolVersion().equals(HttpVersion.HTTP_1_1)) {
            List<String> hosts = headers.getAll(HttpHeaderNames.HOST);
            if (hosts.size() != 1 || hosts.get(0).isEmpty()) {
                return BAD_REQUEST;
            }
        }
        return null;
    }

    /** The answer to a request the HTTP/1.1 decoder gave up on. */
    static InvokeResponse refusal(Throwable decodeFailure) {
        if (decodeFailure instanceof TooLongHttpHeaderException) {
            return HEADERS_TOO_LARGE;
        }
        if (decodeFailure instanceof TooLongHttpLineException) {
            return URI_TOO_LONG;
        }
        return BAD_REQUEST;
    }

    private static InvokeResponse json(int status, String message) {
        return InvokeResponse.json(status, ("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8));
    }
}
