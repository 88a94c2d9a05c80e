package io.turnpike.dataplane.pipeline;

/**
 * A step that can serve a request whose body has not arrived yet, streaming it through a {@link
 * ClientStream}. A phase compiles one only when no earlier step of the method reads the body (a body
 * model to validate, a mapping from {@code method.request.body}), so the entry may run the method's
 * steps as soon as a request's head arrives. Without a {@link ClientStream} on the exchange (HTTP/1.0,
 * TestInvokeMethod) the step serves a buffered request like any other.
 */
public interface StreamingStep extends Step {}
