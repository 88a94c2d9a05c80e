package io.turnpike.dataplane.throttle;

import io.turnpike.dataplane.pipeline.GatewayError;
import io.turnpike.model.rest.GatewayResponseType;

/** The gateway responses of the limits: throttled and over quota, as AWS answers them. */
public final class Limits {

    private Limits() {}

    /** 429 {@code {"message":"Too Many Requests"}}, any throttle level. */
    public static GatewayError throttled() {
        return new GatewayError(GatewayResponseType.THROTTLED, "Too Many Requests", "TooManyRequestsException", null);
    }

    /** 429 {@code {"message":"Limit Exceeded"}}, a usage plan's quota. */
    public static GatewayError quotaExceeded() {
        return new GatewayError(GatewayResponseType.QUOTA_EXCEEDED, "Limit Exceeded", "LimitExceededException", null);
    }
}
