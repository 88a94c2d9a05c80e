package io.turnpike.controlplane.testinvoke;

import java.util.Optional;

/**
 * Runs one test request through a method of an API's current (undeployed) definition, as
 * TestInvokeMethod does. Called on the admin executor: it may block until the request completes.
 */
@FunctionalInterface
public interface MethodTester {

    /**
     * @return what the method answered, or empty when the API, resource or method does not exist (it
     *     may have been deleted since the caller looked)
     */
    Optional<MethodTestResult> test(MethodTest test);
}
