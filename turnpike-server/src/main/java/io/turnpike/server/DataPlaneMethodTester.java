package io.turnpike.server;

import io.turnpike.controlplane.testinvoke.MethodTest;
import io.turnpike.controlplane.testinvoke.MethodTestResult;
import io.turnpike.controlplane.testinvoke.MethodTester;
import io.turnpike.dataplane.testinvoke.TestInvokeRequest;
import io.turnpike.dataplane.testinvoke.TestInvokeResult;
import io.turnpike.dataplane.testinvoke.TestInvoker;
import java.util.Optional;

/**
 * The control plane's TestInvokeMethod handler, served by the data plane's {@link TestInvoker}. The two
 * planes never import each other, so each declares its own records and this adapter, in the one module
 * that sees both, copies one into the other.
 */
final class DataPlaneMethodTester implements MethodTester {

    private final TestInvoker invoker;

    DataPlaneMethodTester(TestInvoker invoker) {
        this.invoker = invoker;
    }

    @Override
    public Optional<MethodTestResult> test(MethodTest test) {
        return invoker.invoke(new TestInvokeRequest(
                        test.restApiId(),
                        test.resourceId(),
                        test.httpMethod(),
                        test.pathWithQueryString(),
                        test.body(),
                        test.headers(),
                        test.multiValueHeaders(),
                        test.clientCertificateId(),
                        test.stageVariables()))
                .map(DataPlaneMethodTester::result);
    }

    private static MethodTestResult result(TestInvokeResult r) {
        return new MethodTestResult(
                r.status(), r.body(), r.headers(), r.multiValueHeaders(), r.log(), r.latencyMillis());
    }
}
