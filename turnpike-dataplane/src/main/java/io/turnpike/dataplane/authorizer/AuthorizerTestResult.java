package io.turnpike.dataplane.authorizer;

import java.util.List;
import java.util.Map;

/**
 * What TestInvokeAuthorizer answers.
 *
 * @param clientStatus 200 when the authorizer accepted the caller, else the status the client would get
 *     (401, 500)
 * @param policy the Lambda authorizer's policy document as JSON text; null otherwise
 * @param context the Lambda authorizer's context (values as strings); empty otherwise
 * @param claims the token's claims (Cognito); empty otherwise
 */
public record AuthorizerTestResult(
        int clientStatus,
        List<String> log,
        long latencyMillis,
        String principalId,
        String policy,
        Map<String, String> context,
        Map<String, String> claims) {}
