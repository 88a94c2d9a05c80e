package io.turnpike.dataplane.mapping;

/**
 * A parameter mapping read {@code method.request.body[.*]} or {@code integration.response.body[.*]}
 * from a body that starts like JSON ({@code {}, {@code [}, {@code "} or {@code '}) but does not
 * parse. AWS answers 400 {@code {"message": "Invalid JSON in request body"}} on the request side and
 * 500 {@code Internal server error} on the response side; the pipeline maps this exception to those.
 * Cheap to throw: it carries no stack trace.
 */
public final class InvalidJsonBodyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean requestSide;

    InvalidJsonBodyException(boolean requestSide, String detail) {
        super(
                "Invalid JSON in " + (requestSide ? "request" : "integration response") + " body: " + detail,
                null,
                false,
                false);
        this.requestSide = requestSide;
    }

    /** True for the method request body (AWS: 400), false for the integration response body (500). */
    public boolean requestSide() {
        return requestSide;
    }
}
