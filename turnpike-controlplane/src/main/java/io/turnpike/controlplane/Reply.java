package io.turnpike.controlplane;

/**
 * What a handler answers: a body to serialize as JSON (a record, a Jackson node, or null for an empty
 * body) and the status, which is the operation's success status from the service model unless the
 * handler names another.
 */
public record Reply(Object body, int status) {

    /** Use the operation's success status. */
    public static final int DEFAULT_STATUS = 0;

    public static Reply of(Object body) {
        return new Reply(body, DEFAULT_STATUS);
    }

    public static Reply empty() {
        return new Reply(null, DEFAULT_STATUS);
    }
}
