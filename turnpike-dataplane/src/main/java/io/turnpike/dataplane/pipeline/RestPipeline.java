package io.turnpike.dataplane.pipeline;

import java.util.ArrayList;
import java.util.List;

/**
 * The order in which a REST API request is processed, as Amazon API Gateway processes it. This list is
 * the one place the order is written down; each method's plan is compiled from it once, keeping the
 * steps that apply to the method, and never re-sorted or filtered per request.
 *
 * <pre>
 *  client ──► resolve API + stage ──► route (resource + method) ─┐     (entry, PipelineRunner)
 *                                                                 ▼
 *   1 authorize ─► 2 API key, usage plan ─► 3 throttle ─► 4 validate ─► 5 cache lookup
 *                                                                 │
 *   6 integration request ─► 7 integration call ─► 8 integration response ─► 9 method response
 *                                                                 │
 *  client ◄── standard headers (request id, apigw id, trace id) ◄─┘     (entry)
 *   any step may end the request with a gateway response
 * </pre>
 *
 * Phases that Turnpike does not run yet (authorizers, API keys and usage plans, throttling, caching)
 * have no factory in {@link #PHASES}; they join here, in this order, as they are built.
 */
public final class RestPipeline {

    /** Creates a phase's step for one method, or returns null when the phase does not apply to it. */
    @FunctionalInterface
    public interface StepFactory {
        Step create(MethodCompilation method);
    }

    /** A named phase of the pipeline. */
    public record Phase(String name, StepFactory factory) {}

    private final List<Phase> phases;

    /** The phases in AWS's order; see the class comment. */
    public RestPipeline(List<Phase> phases) {
        this.phases = List.copyOf(phases);
    }

    public List<Phase> phases() {
        return phases;
    }

    /** The steps of one method, in pipeline order. */
    public List<Step> stepsFor(MethodCompilation method) {
        List<Step> steps = new ArrayList<>(phases.size());
        for (Phase p : phases) {
            Step s = p.factory().create(method);
            if (s != null) {
                steps.add(s);
            }
        }
        return steps;
    }
}
