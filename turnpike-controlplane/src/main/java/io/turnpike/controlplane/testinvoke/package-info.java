/**
 * TestInvokeMethod, the control plane's half: what the operation's handler needs from whoever can run
 * a request, declared here so the control plane never depends on the data plane.
 *
 * <p>The handler ({@code resource.TestInvokeOperations}) answers AWS's 404s for an unknown resource or
 * method, then hands a {@link io.turnpike.controlplane.testinvoke.MethodTest} to a {@link
 * io.turnpike.controlplane.testinvoke.MethodTester}. The data plane cannot implement this interface
 * (the planes never import each other); it offers its own {@code TestInvoker} with its own records, and
 * {@code turnpike-server}, which sees both planes, adapts that invoker to this interface where it wires
 * the node together.
 */
package io.turnpike.controlplane.testinvoke;
