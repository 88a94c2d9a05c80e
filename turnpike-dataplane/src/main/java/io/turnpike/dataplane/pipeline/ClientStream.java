package io.turnpike.dataplane.pipeline;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;

/**
 * The client's end of a request the entry streams rather than buffers: its body arrives in chunks
 * after the steps before the integration call have run on the head alone, and its answer leaves in
 * chunks as the integration produces them. The entry puts it on the {@link Exchange} under {@link #KEY}
 * only for methods whose plan holds a {@link StreamingStep}; every other request carries its whole body
 * and gets a whole answer.
 *
 * <p>Everything runs on the request's event loop. Buffers change owner when passed: a chunk handed to
 * a {@link BodyReceiver} belongs to the receiver, a chunk handed to {@link #write} belongs to the entry.
 */
public interface ClientStream {

    Attr<ClientStream> KEY = Attr.of("clientStream");

    /**
     * What a streaming step answers with ({@code StepOutcome.respond(STREAMED)}) once it has sent the
     * head of the answer itself through {@link #head}: the entry writes nothing more for it. Compared by
     * identity.
     */
    InvokeResponse STREAMED = new InvokeResponse(200, List.of(), new byte[0]);

    /**
     * Starts delivering the request body to {@code receiver}: what was read before is delivered at once,
     * the rest as it arrives. At most one receiver per request.
     */
    void receive(BodyReceiver receiver);

    /** Stops reading the client (the upstream is not taking the body fast enough). */
    void pause();

    /** Reads the client again after {@link #pause}. */
    void resume();

    /** Headers to fill for {@link #head}; the entry's kind (no validation: the caller has done it). */
    HttpHeaders newHeaders();

    /**
     * Sends the head of the answer; the entry adds its own headers ({@code x-amzn-RequestId}, {@code
     * x-amz-apigw-id}, the framing) to {@code headers}, which it owns from now on.
     *
     * @param contentLength the body's length, or -1 when it is not known (chunked on HTTP/1.1)
     */
    void head(int status, HttpHeaders headers, long contentLength);

    /**
     * Sends a part of the answer's body (the entry takes {@code chunk}); {@code last} ends the answer.
     * Returns whether the client is taking data fast enough: when false, the caller stops producing
     * until {@link BodyReceiver#writable()}.
     */
    boolean write(ByteBuf chunk, boolean last);

    /** Sends what {@link #write} queued. */
    void flush();

    /**
     * Gives up on an answer whose head was sent but whose body cannot be completed: the HTTP/1.1
     * connection is closed, an HTTP/2 stream reset.
     */
    void abort();

    /** The consumer of a streamed request body. */
    interface BodyReceiver {

        /** A part of the body (now owned by the receiver); {@code last} is true for the final one. */
        void chunk(ByteBuf content, boolean last);

        /**
         * No more of the body will come: the client went away, or the body grew past API Gateway's 10 MB
         * (then the entry answers 413 itself if no answer has started). The receiver drops the exchange
         * and closes its upstream connection.
         */
        void aborted();

        /** The client takes answer data again after {@link ClientStream#write} returned false. */
        void writable();
    }
}
