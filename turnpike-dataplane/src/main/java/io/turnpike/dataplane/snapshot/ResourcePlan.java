package io.turnpike.dataplane.snapshot;

import io.turnpike.model.rest.Resource;
import java.util.Map;

/** A deployed resource and its methods by HTTP verb ({@code ANY} included). */
public record ResourcePlan(Resource resource, Map<String, MethodPlan> methods) {
    public ResourcePlan {
        methods = Map.copyOf(methods);
    }

    /** The method for a verb: the exact verb, else {@code ANY}; null when neither is defined. */
    public MethodPlan forVerb(String verb) {
        MethodPlan exact = methods.get(verb);
        return exact != null ? exact : methods.get("ANY");
    }
}
