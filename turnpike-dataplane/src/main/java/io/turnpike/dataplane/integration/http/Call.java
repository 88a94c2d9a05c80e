package io.turnpike.dataplane.integration.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.HttpMethod;
import io.turnpike.dataplane.integration.http.UpstreamException.Kind;

/**
 * What a pooled {@link UpstreamConnection} carries: one request and its response, buffered ({@link
 * Exchange}) or streamed ({@link StreamExchange}). Every method runs on the pool's event loop.
 */
interface Call {

    /** Whether the call has ended (answered, failed or timed out); a queued call that ended is skipped. */
    boolean done();

    /** The request's method (a response to {@code HEAD} has no body). */
    HttpMethod method();

    /** Binds the call to the connection about to send it, resetting what an earlier attempt saw. */
    void attach(UpstreamConnection c);

    /**
     * Writes the request (a streamed call: its head and whatever of the body has arrived) on {@code ch};
     * {@code written} hears when the first write ends.
     */
    void send(Channel ch, ChannelFutureListener written);

    /** The first write of {@link #send} succeeded. */
    void writeDone();

    /** A decoded response object (head, content or both); the connection releases it afterwards. */
    void onMessage(Object msg);

    /** The connection read what the socket had; a streamed call flushes what it forwarded. */
    default void readComplete() {}

    /** The connection's outbound buffer crossed a water mark. */
    default void writabilityChanged(boolean writable) {}

    /**
     * The connection the call was on failed (closed, reset, or a write failed).
     *
     * @param cause null for an orderly close
     * @param bytesSeen whether any byte of a response arrived on it during this call
     */
    void connectionLost(UpstreamConnection c, Throwable cause, boolean bytesSeen);

    /** The connection opened for this call did not come up. */
    void connectFailed(String message, Throwable cause);

    /** Ends the call with a failure, closing its connection. */
    void fail(Kind kind, String message, Throwable cause);
}
