package io.turnpike.store;

import java.util.List;
import java.util.Optional;

/** Reads within one transaction. */
public interface ReadTx {

    <T> Optional<T> get(Kind<T> kind, String scope, String id);

    /** Every document of a kind in a scope, in the order they were first created. */
    <T> List<T> list(Kind<T> kind, String scope);

    /** The revision this transaction reads at. */
    long revision();
}
