package io.turnpike.dataplane.validation;

import io.turnpike.model.rest.GatewayResponseType;
import java.util.Objects;

/**
 * Why a request failed its method's validator.
 *
 * @param responseType the gateway response to send: {@link #BAD_REQUEST_PARAMETERS} or {@link
 *     #BAD_REQUEST_BODY}
 * @param message the client-visible message ({@code $context.error.message}), e.g. {@code Missing
 *     required request parameters: [q1]} or {@code Invalid request body}
 * @param validationErrorString AWS's detailed reason, {@code $context.error.validationErrorString}
 */
public record ValidationFailure(String responseType, String message, String validationErrorString) {

    public static final String BAD_REQUEST_PARAMETERS = GatewayResponseType.BAD_REQUEST_PARAMETERS.name();
    public static final String BAD_REQUEST_BODY = GatewayResponseType.BAD_REQUEST_BODY.name();

    public ValidationFailure {
        if (!BAD_REQUEST_PARAMETERS.equals(responseType) && !BAD_REQUEST_BODY.equals(responseType)) {
            throw new IllegalArgumentException(
                    "responseType: " + responseType + " (expected: BAD_REQUEST_PARAMETERS or BAD_REQUEST_BODY)");
        }
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(validationErrorString, "validationErrorString");
    }
}
