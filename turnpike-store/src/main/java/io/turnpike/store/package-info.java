/**
 * The store: where the control plane writes configuration and the data plane reads it from. The two
 * planes meet only here. Documents are the records of {@code io.turnpike.model}, serialized as JSON,
 * addressed by {@link io.turnpike.store.Kind}, scope and id.
 */
package io.turnpike.store;
