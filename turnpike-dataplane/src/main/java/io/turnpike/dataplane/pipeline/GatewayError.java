package io.turnpike.dataplane.pipeline;

import io.turnpike.model.rest.GatewayResponseType;
import java.util.Objects;

/**
 * A failure API Gateway answers itself, as a gateway response of {@code type}: a cheap value, not an
 * exception, because expected failures (no route, bad body, timeout) are part of normal traffic.
 *
 * @param message {@code $context.error.message}; null renders {@code $context.error.messageString} as
 *     {@code null}
 * @param errorType the {@code x-amzn-ErrorType} header
 * @param validationErrorString {@code $context.error.validationErrorString}, or null
 */
public record GatewayError(GatewayResponseType type, String message, String errorType, String validationErrorString) {

    public GatewayError {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(errorType, "errorType");
    }

    public static GatewayError missingAuthenticationToken() {
        return new GatewayError(
                GatewayResponseType.MISSING_AUTHENTICATION_TOKEN,
                "Missing Authentication Token",
                "MissingAuthenticationTokenException",
                null);
    }

    public static GatewayError unsupportedMediaType() {
        return new GatewayError(
                GatewayResponseType.UNSUPPORTED_MEDIA_TYPE, "Unsupported Media Type", "BadRequestException", null);
    }

    /** The integration is misconfigured or its output unusable: 500 {@code Internal server error}. */
    public static GatewayError configuration() {
        return new GatewayError(
                GatewayResponseType.API_CONFIGURATION_ERROR,
                "Internal server error",
                "InternalServerErrorException",
                null);
    }

    public static GatewayError integrationTimeout() {
        return new GatewayError(
                GatewayResponseType.INTEGRATION_TIMEOUT,
                "Endpoint request timed out",
                "InternalServerErrorException",
                null);
    }

    public static GatewayError integrationFailure() {
        return new GatewayError(
                GatewayResponseType.INTEGRATION_FAILURE, "Internal server error", "InternalServerErrorException", null);
    }

    public static GatewayError requestTooLarge() {
        return new GatewayError(
                GatewayResponseType.REQUEST_TOO_LARGE, "Request Too Long", "RequestTooLargeException", null);
    }

    public static GatewayError badRequest(GatewayResponseType type, String message, String validationErrorString) {
        return new GatewayError(type, message, "BadRequestException", validationErrorString);
    }
}
