package io.turnpike.controlplane;

import io.turnpike.controlplane.wire.ServiceModel;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The handlers of a service's operations, by operation name. Registering a name that the service model
 * does not define fails at startup, so a typo cannot leave an operation silently unanswered.
 */
public final class Operations {

    private final ServiceModel model;
    private final Map<String, OperationHandler> handlers = new HashMap<>();

    public Operations(ServiceModel model) {
        this.model = model;
    }

    public Operations on(String operation, OperationHandler handler) {
        model.operation(operation);
        if (handlers.putIfAbsent(operation, handler) != null) {
            throw new IllegalStateException("operation " + operation + " registered twice");
        }
        return this;
    }

    public ServiceModel model() {
        return model;
    }

    public Optional<OperationHandler> handler(String operation) {
        return Optional.ofNullable(handlers.get(operation));
    }

    public boolean implemented(String operation) {
        return handlers.containsKey(operation);
    }

    /** The names of every implemented operation, sorted. */
    public java.util.SortedSet<String> implementedNames() {
        return new java.util.TreeSet<>(handlers.keySet());
    }
}
