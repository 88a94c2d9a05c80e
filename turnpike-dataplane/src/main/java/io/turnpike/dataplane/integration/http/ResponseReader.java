package io.turnpike.dataplane.integration.http;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.turnpike.dataplane.integration.http.UpstreamException.Kind;
import java.io.IOException;

/**
 * How every {@link Call} reads an upstream response, buffered or streamed: decoding failures become the
 * call's failure kinds, an unasked-for 101 is a protocol error, and informational heads (100 Continue,
 * 103 Early Hints) are skipped with their empty last content. A subclass sees only the final head and
 * the body content that follows it.
 */
abstract class ResponseReader implements Call {

    private boolean informational;

    /** The upstream the call talks to, for messages. */
    abstract Origin origin();

    /**
     * The final (2xx–5xx) head arrived; {@code code} is its status.
     *
     * @return false when the call ended on this head
     */
    abstract boolean onFinalHead(HttpResponse response, int code);

    /** Body content of the final response; {@code last} ends it. */
    abstract void onBody(HttpContent content, boolean last);

    /** Forgets what an earlier attempt's response showed; call from {@link #attach}. */
    final void resetResponse() {
        informational = false;
    }

    @Override
    public final void onMessage(Object msg) {
        if (done()) {
            return;
        }
        if (msg instanceof HttpResponse response && !onHead(response)) {
            return;
        }
        if (msg instanceof HttpContent content) {
            onContent(content);
        } else if (!(msg instanceof HttpResponse)) {
            fail(Kind.PROTOCOL_ERROR, "unexpected data from " + origin(), null);
        }
    }

    private boolean onHead(HttpResponse response) {
        DecoderResult result = response.decoderResult();
        if (result.isFailure()) {
            failDecoding(result.cause());
            return false;
        }
        int code = response.status().code();
        if (code == 101) {
            fail(Kind.PROTOCOL_ERROR, origin() + " switched protocols (101) though no upgrade was asked for", null);
            return false;
        }
        if (code < 200) {
            // 100 Continue, 103 Early Hints: skip it and its (empty) last content, wait for the final one
            informational = true;
            return true;
        }
        return onFinalHead(response, code);
    }

    private void onContent(HttpContent content) {
        DecoderResult result = content.decoderResult();
        if (result.isFailure()) {
            failDecoding(result.cause());
            return;
        }
        boolean last = content instanceof LastHttpContent;
        if (informational) {
            informational = !last;
            return;
        }
        onBody(content, last);
    }

    /**
     * Fails the call for a connection that went away under it (no retry left): what the loss means depends
     * on how far the answer had come.
     *
     * @param cause null for an orderly close
     * @param bytesSeen the upstream had sent something on this attempt
     * @param headSeen the final head of the answer had arrived
     */
    final void failLost(Throwable cause, boolean bytesSeen, boolean headSeen) {
        Origin origin = origin();
        if (cause == null) {
            if (headSeen) {
                fail(Kind.RESET, origin + " closed the connection before the response was complete", null);
            } else if (bytesSeen) {
                fail(Kind.PROTOCOL_ERROR, origin + " sent bytes that are not an HTTP response, then closed", null);
            } else {
                fail(Kind.RESET, origin + " closed the connection without responding", null);
            }
        } else if (cause instanceof IOException) {
            fail(Kind.RESET, origin + " reset the connection: " + cause.getMessage(), cause);
        } else if (cause instanceof DecoderException) {
            fail(Kind.PROTOCOL_ERROR, origin + " sent data that could not be decoded: " + cause.getMessage(), cause);
        } else {
            fail(Kind.RESET, "connection to " + origin + " failed: " + cause, cause);
        }
    }

    private void failDecoding(Throwable cause) {
        if (cause instanceof PrematureChannelClosureException) {
            fail(Kind.RESET, origin() + " closed the connection before the response was complete", cause);
        } else if (cause instanceof TooLongHttpHeaderException) {
            fail(
                    Kind.RESPONSE_TOO_LARGE,
                    "response headers from " + origin() + " exceed " + ResponseDecoder.MAX_HEADER_BYTES + " bytes",
                    cause);
        } else {
            fail(Kind.PROTOCOL_ERROR, origin() + " did not answer with valid HTTP/1.1: " + cause.getMessage(), cause);
        }
    }
}
