package io.turnpike.store;

/** The store could not do what was asked: an I/O or database failure, not a user error. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
