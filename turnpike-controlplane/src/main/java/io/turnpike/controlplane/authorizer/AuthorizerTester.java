package io.turnpike.controlplane.authorizer;

import io.turnpike.model.rest.Authorizer;
import java.util.List;
import java.util.Map;

/**
 * Runs an authorizer once for TestInvokeAuthorizer. The control plane does not run authorizers itself;
 * the server wires this to the data plane, which does. Implementations may block the calling thread
 * (an admin worker, never an event loop) until the authorizer answers.
 */
@FunctionalInterface
public interface AuthorizerTester {

    Result test(Test test);

    /** TestInvokeAuthorizer's input, with the stored authorizer it names. */
    record Test(
            String restApiId,
            Authorizer authorizer,
            Map<String, List<String>> headers,
            String pathWithQueryString,
            String body,
            Map<String, String> stageVariables,
            Map<String, String> additionalContext) {}

    /** TestInvokeAuthorizer's output members. */
    record Result(
            int clientStatus,
            String log,
            long latency,
            String principalId,
            String policy,
            Map<String, List<String>> authorization,
            Map<String, String> claims) {}
}
