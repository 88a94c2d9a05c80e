package io.turnpike.dataplane.pipeline;

/**
 * One stage of request processing (validation, integration request, integration call, …). Steps are
 * stateless and shared by every request of a method; per-request state lives in the {@link Exchange}.
 * A step runs on the request's event loop and must not block.
 */
@FunctionalInterface
public interface Step {
    StepOutcome apply(Exchange exchange);
}
