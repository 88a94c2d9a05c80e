package io.turnpike.dataplane.pipeline;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A typed key for per-request state that a step leaves for a later one. Keys are compared by identity,
 * so two steps cannot collide by choosing the same name. Each key has its own slot, numbered in order of
 * creation, so that an {@link Exchange} keeps its state in an array rather than a map.
 */
public final class Attr<T> {
    private static final AtomicInteger CREATED = new AtomicInteger();

    private final String name;
    final int index;

    private Attr(String name) {
        this.name = Objects.requireNonNull(name, "name");
        this.index = CREATED.getAndIncrement();
    }

    /** How many keys exist so far: an array this long has a slot for each. */
    static int created() {
        return CREATED.get();
    }

    public static <T> Attr<T> of(String name) {
        return new Attr<>(name);
    }

    @Override
    public String toString() {
        return "Attr[" + name + "]";
    }
}
