package io.turnpike.store;

import java.util.function.LongConsumer;

/**
 * The durable truth of a Turnpike node: every API definition, deployment and setting, as documents.
 *
 * <p>All access goes through a transaction. {@link #write} transactions are serialized: the work sees
 * the latest committed state, and either everything it did is committed (durably, before {@code write}
 * returns) or, if it throws, nothing is. Each committed write that changed something moves the
 * {@linkplain #revision() revision} up by one, so a reader can tell whether anything changed since it
 * last looked. Implementations: {@link io.turnpike.store.sqlite.SqliteStore} (embedded); a PostgreSQL
 * implementation can follow behind the same interface.
 */
public interface Store extends AutoCloseable {

    /** The scope of documents that belong to no REST API. */
    String GLOBAL = "";

    /** Runs read-only work on a consistent view of the store. */
    <T> T read(Work<ReadTx, T> work);

    /**
     * Runs work in a serialized write transaction. If the work throws, the transaction is rolled back
     * and the exception propagates unchanged.
     */
    <T> T write(Work<WriteTx, T> work);

    /** The revision of the last committed change; 0 for an empty store. */
    long revision();

    /** Calls the listener with the new revision after every commit made through this store. */
    void onCommit(LongConsumer listener);

    @Override
    void close();

    /** A unit of work against a transaction. */
    @FunctionalInterface
    interface Work<X, T> {
        T apply(X tx);
    }
}
