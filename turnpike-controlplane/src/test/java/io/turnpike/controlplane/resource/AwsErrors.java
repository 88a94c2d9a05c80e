package io.turnpike.controlplane.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import software.amazon.awssdk.services.apigateway.model.ApiGatewayException;

/** Asserts the error a user's SDK sees: HTTP status, error code and AWS's exact message. */
final class AwsErrors {

    private AwsErrors() {}

    static void fails(ThrowingCallable call, int status, String errorCode, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiGatewayException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(status);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(errorCode);
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
        });
    }

    static void badRequest(ThrowingCallable call, String message) {
        fails(call, 400, "BadRequestException", message);
    }

    static void notFound(ThrowingCallable call, String message) {
        fails(call, 404, "NotFoundException", message);
    }

    static void conflict(ThrowingCallable call, String message) {
        fails(call, 409, "ConflictException", message);
    }
}
