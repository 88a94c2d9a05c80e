package io.turnpike.server;

import io.turnpike.controlplane.authorizer.AuthorizerTester;
import io.turnpike.dataplane.authorizer.AuthorizePhase;
import io.turnpike.dataplane.authorizer.AuthorizerTestResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The control plane's TestInvokeAuthorizer handler, served by the data plane's authorize phase. Blocks
 * the admin worker that calls it (never an event loop) until the authorizer answers; the phase's own
 * authorizer timeout bounds the wait, this one only guards against a lost future.
 */
final class DataPlaneAuthorizerTester implements AuthorizerTester {

    private final AuthorizePhase authorizers;

    DataPlaneAuthorizerTester(AuthorizePhase authorizers) {
        this.authorizers = authorizers;
    }

    @Override
    public Result test(Test test) {
        AuthorizerTestResult r;
        try {
            r = authorizers
                    .test(
                            test.restApiId(),
                            test.authorizer(),
                            test.headers(),
                            test.pathWithQueryString(),
                            test.stageVariables(),
                            test.additionalContext())
                    .get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("TestInvokeAuthorizer interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("TestInvokeAuthorizer did not finish", e);
        }
        Map<String, List<String>> authorization = new LinkedHashMap<>();
        r.context().forEach((k, v) -> authorization.put(k, List.of(v)));
        return new Result(
                r.clientStatus(),
                String.join("\n", r.log()) + "\n",
                r.latencyMillis(),
                r.principalId(),
                r.policy(),
                r.principalId() == null ? null : authorization,
                r.claims().isEmpty() ? null : r.claims());
    }
}
