package io.turnpike.dataplane.pipeline;

import java.util.Objects;

/**
 * A typed key for per-request state that a step leaves for a later one. Keys are compared by identity,
 * so two steps cannot collide by choosing the same name.
 */
public final class Attr<T> {
    private final String name;

    private Attr(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    public static <T> Attr<T> of(String name) {
        return new Attr<>(name);
    }

    @Override
    public String toString() {
        return "Attr[" + name + "]";
    }
}
