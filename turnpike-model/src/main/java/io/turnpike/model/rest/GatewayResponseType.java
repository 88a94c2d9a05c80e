package io.turnpike.model.rest;

import java.util.Optional;

/**
 * The kinds of error API Gateway answers itself, exactly the {@code GatewayResponseType} enum of the
 * {@code apigateway} service model, each with the HTTP status AWS gives it when the API does not
 * customize it.
 *
 * <p>The two umbrella types, {@link #DEFAULT_4XX} and {@link #DEFAULT_5XX}, have no status of their own:
 * they only lend their settings to the types of their family that the API has not customized. The
 * family of every other type is the one of its default status.
 */
public enum GatewayResponseType {
    ACCESS_DENIED("403"),
    API_CONFIGURATION_ERROR("500"),
    AUTHORIZER_CONFIGURATION_ERROR("500"),
    AUTHORIZER_FAILURE("500"),
    BAD_REQUEST_BODY("400"),
    BAD_REQUEST_PARAMETERS("400"),
    DEFAULT_4XX(null),
    DEFAULT_5XX(null),
    EXPIRED_TOKEN("403"),
    INTEGRATION_FAILURE("504"),
    INTEGRATION_TIMEOUT("504"),
    INVALID_API_KEY("403"),
    INVALID_SIGNATURE("403"),
    MISSING_AUTHENTICATION_TOKEN("403"),
    QUOTA_EXCEEDED("429"),
    REQUEST_TOO_LARGE("413"),
    RESOURCE_NOT_FOUND("404"),
    THROTTLED("429"),
    UNAUTHORIZED("401"),
    UNSUPPORTED_MEDIA_TYPE("415"),
    WAF_FILTERED("403");

    private final String defaultStatusCode;

    GatewayResponseType(String defaultStatusCode) {
        this.defaultStatusCode = defaultStatusCode;
    }

    /** The status AWS answers with when nothing is customized; empty for the two umbrella types. */
    public Optional<String> defaultStatusCode() {
        return Optional.ofNullable(defaultStatusCode);
    }

    /** Whether this is {@link #DEFAULT_4XX} or {@link #DEFAULT_5XX}. */
    public boolean isUmbrella() {
        return defaultStatusCode == null;
    }

    /**
     * The umbrella type whose settings this type inherits when not customized, or empty for the
     * umbrella types themselves.
     */
    public Optional<GatewayResponseType> umbrella() {
        if (defaultStatusCode == null) {
            return Optional.empty();
        }
        return Optional.of(defaultStatusCode.startsWith("5") ? DEFAULT_5XX : DEFAULT_4XX);
    }

    /** The type with that wire name, or empty when the name is not one of the 21. */
    public static Optional<GatewayResponseType> of(String name) {
        for (GatewayResponseType t : values()) {
            if (t.name().equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
