/**
 * TestInvokeMethod, the data plane's half: runs one request through a method of an API's current,
 * undeployed definition with the same compiler, steps and runner that serve deployed stages, and
 * returns what AWS returns (status, headers, body, execution log, latency).
 *
 * <p><b>Why the data plane does not implement the control plane's interface.</b> The two planes never
 * import each other (they meet only through the store). The control plane declares what its handler
 * needs ({@code io.turnpike.controlplane.testinvoke.MethodTester}, with its own request and result
 * records); this package offers {@link io.turnpike.dataplane.testinvoke.TestInvoker} with its own
 * {@link io.turnpike.dataplane.testinvoke.TestInvokeRequest} and {@link
 * io.turnpike.dataplane.testinvoke.TestInvokeResult}; and {@code turnpike-server}, the one module that
 * sees both, adapts one to the other in its wiring. Neither plane learns the other's types, and the
 * invoker reads the API from the store like any other part of the data plane.
 */
package io.turnpike.dataplane.testinvoke;
