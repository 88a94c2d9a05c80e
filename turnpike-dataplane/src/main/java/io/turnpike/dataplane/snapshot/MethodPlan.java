package io.turnpike.dataplane.snapshot;

import io.turnpike.dataplane.pipeline.Step;
import io.turnpike.model.rest.Integration;
import io.turnpike.model.rest.Method;
import io.turnpike.model.rest.Resource;
import java.util.List;
import java.util.Objects;

/**
 * A deployed method, compiled: its definition, and the steps a request to it runs, in pipeline order,
 * with everything they need (templates, mappings, validators) already parsed.
 *
 * @param integration the method's integration, or null when it has none (then the steps answer 500)
 * @param steps the steps of {@link io.turnpike.dataplane.pipeline.RestPipeline} that apply to this
 *     method, decided once at compile time, never per request
 */
public record MethodPlan(
        String httpMethod, Resource resource, Method method, Integration integration, List<Step> steps) {
    public MethodPlan {
        Objects.requireNonNull(httpMethod, "httpMethod");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(method, "method");
        steps = List.copyOf(steps);
    }
}
