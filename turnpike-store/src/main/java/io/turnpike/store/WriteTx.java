package io.turnpike.store;

/** Reads and writes within one serialized write transaction. */
public interface WriteTx extends ReadTx {

    /** Creates or replaces a document. A replaced document keeps its place in {@link #list} order. */
    <T> void put(Kind<T> kind, String scope, String id, T value);

    /** Deletes a document; returns whether it existed. */
    boolean delete(Kind<?> kind, String scope, String id);

    /** Deletes every document in a scope, of every kind; returns how many there were. */
    int deleteScope(String scope);
}
