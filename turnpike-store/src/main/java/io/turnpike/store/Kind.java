package io.turnpike.store;

import java.util.Objects;

/**
 * A kind of stored document and the record type it holds. Documents of a kind are addressed by a scope
 * (the REST API they belong to, or {@link Store#GLOBAL}) and an id unique within that scope.
 *
 * @param name the stable name stored with each document; never rename one without a migration
 * @param type the record type documents of this kind are read as
 * @param versioned whether writing a document of this kind moves the store's revision. Configuration is
 *     versioned (a change is recompiled into snapshots); counters that the data plane flushes every
 *     second (usage) are not, so flushing them recompiles nothing
 */
public record Kind<T>(String name, Class<T> type, boolean versioned) {

    /** A versioned kind. */
    public Kind(String name, Class<T> type) {
        this(name, type, true);
    }

    /** A kind whose writes do not move the revision (see {@link #versioned}). */
    public static <T> Kind<T> unversioned(String name, Class<T> type) {
        return new Kind<>(name, type, false);
    }

    public Kind {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (!name.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("name: " + name + " (expected: [a-z][a-z0-9-]*)");
        }
    }
}
