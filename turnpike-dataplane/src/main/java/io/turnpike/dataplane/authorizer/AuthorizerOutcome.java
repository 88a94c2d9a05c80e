package io.turnpike.dataplane.authorizer;

import io.turnpike.dataplane.pipeline.GatewayError;
import io.turnpike.model.rest.GatewayResponseType;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What running an authorizer for one request produced, before its policy is applied to the method. */
public sealed interface AuthorizerOutcome {

    /**
     * The authorizer accepted the caller.
     *
     * @param policy the Lambda authorizer's compiled policy; null for Cognito (which has no policy)
     * @param policyJson the policy as the function returned it (TestInvokeAuthorizer shows it)
     * @param claims the verified token's claims, as strings (Cognito); empty for Lambda
     */
    record Identified(
            String principalId,
            PolicyDocument policy,
            String policyJson,
            Map<String, Object> context,
            String usageIdentifierKey,
            Map<String, Object> claims,
            List<String> scopes)
            implements AuthorizerOutcome {
        public Identified {
            context = Map.copyOf(context);
            claims = Map.copyOf(claims);
            scopes = List.copyOf(scopes);
        }
    }

    /** A gateway error (401 Unauthorized, 500 configuration error, ...). */
    record Rejected(GatewayError error, String reason) implements AuthorizerOutcome {
        public Rejected {
            Objects.requireNonNull(error, "error");
        }
    }

    static Rejected unauthorized(String reason) {
        return new Rejected(UNAUTHORIZED, reason);
    }

    static Rejected configuration(String reason) {
        return new Rejected(CONFIGURATION, reason);
    }

    /** 401 {@code {"message":"Unauthorized"}}, {@code UnauthorizedException} (spec auth.md §1.5). */
    GatewayError UNAUTHORIZED =
            new GatewayError(GatewayResponseType.UNAUTHORIZED, "Unauthorized", "UnauthorizedException", null);

    /** 500 {@code {"message":null}}, {@code AuthorizerConfigurationException} (spec auth.md §1.5). */
    GatewayError CONFIGURATION = new GatewayError(
            GatewayResponseType.AUTHORIZER_CONFIGURATION_ERROR, null, "AuthorizerConfigurationException", null);

    /**
     * 500 AUTHORIZER_FAILURE: the authorizer could not run at all (the Cognito pool's keys could not be
     * fetched). The spec leaves the error type unverified; {@code AuthorizerFailureException} is ours.
     */
    GatewayError FAILURE =
            new GatewayError(GatewayResponseType.AUTHORIZER_FAILURE, null, "AuthorizerFailureException", null);

    /** 403 implicit deny by the authorizer's policy (spec auth.md §1.5). */
    GatewayError ACCESS_DENIED = new GatewayError(
            GatewayResponseType.ACCESS_DENIED,
            "User is not authorized to access this resource",
            "AccessDeniedException",
            null);

    /** 403 explicit deny by the authorizer's policy (spec auth.md §1.5). */
    GatewayError EXPLICIT_DENY = new GatewayError(
            GatewayResponseType.ACCESS_DENIED,
            "User is not authorized to access this resource with an explicit deny",
            "AccessDeniedException",
            null);
}
