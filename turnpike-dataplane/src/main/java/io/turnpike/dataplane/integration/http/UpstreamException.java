package io.turnpike.dataplane.integration.http;

import java.util.Objects;

/**
 * Why an upstream call failed. The pipeline maps each {@link Kind} to API Gateway's gateway response
 * (a timeout to 504 {@code Endpoint request timed out}, an invalid URI to 500 {@code Internal server
 * error}, the rest to an integration failure).
 *
 * <p>Failing upstreams are an expected event on the data path, so this exception carries no stack trace
 * of its own; {@link #getCause()} holds the transport's exception where there is one.
 */
public final class UpstreamException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong, in the terms the gateway answers with. */
    public enum Kind {
        /** The request's timeout elapsed before the whole response arrived. */
        TIMEOUT,
        /** The host did not resolve, the connection was refused or timed out, or TLS failed to establish. */
        CONNECT_FAILED,
        /** The upstream closed or reset the connection before the response was complete. */
        RESET,
        /** The upstream answered with something that is not HTTP/1.x. */
        PROTOCOL_ERROR,
        /** The response body (or its header block) is larger than the client accepts. */
        RESPONSE_TOO_LARGE,
        /** The URI is not an absolute http or https URI with a host and a valid port. */
        INVALID_URI
    }

    private final Kind kind;

    public UpstreamException(Kind kind, String message) {
        this(kind, message, null);
    }

    /**
     * @param cause the transport's exception, or null when there is none
     */
    public UpstreamException(Kind kind, String message, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause, false, false);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public String toString() {
        return "UpstreamException[" + kind + "]: " + getMessage();
    }
}
