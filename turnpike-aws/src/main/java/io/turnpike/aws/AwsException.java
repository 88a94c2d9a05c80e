package io.turnpike.aws;

import java.util.Objects;

/**
 * An error answered the way AWS answers it: an HTTP status, an error type sent in {@code
 * x-amzn-ErrorType}, and a message sent as {@code {"message": "..."}}.
 *
 * <p>These are expected outcomes of bad input, not bugs, so they carry no stack trace: throwing one is
 * cheap and logging one says only what the caller did wrong.
 */
public final class AwsException extends RuntimeException {

    private final int status;
    private final String errorType;

    public AwsException(int status, String errorType, String message) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status: " + status + " (expected: 400..599)");
        }
        this.status = status;
        this.errorType = Objects.requireNonNull(errorType, "errorType");
    }

    public int status() {
        return status;
    }

    public String errorType() {
        return errorType;
    }

    public static AwsException badRequest(String message) {
        return new AwsException(400, "BadRequestException", message);
    }

    public static AwsException validation(String message) {
        return new AwsException(400, "ValidationException", message);
    }

    public static AwsException notFound(String message) {
        return new AwsException(404, "NotFoundException", message);
    }

    public static AwsException conflict(String message) {
        return new AwsException(409, "ConflictException", message);
    }

    public static AwsException limitExceeded(String message) {
        return new AwsException(429, "LimitExceededException", message);
    }

    public static AwsException forbidden(String errorType, String message) {
        return new AwsException(403, errorType, message);
    }
}
