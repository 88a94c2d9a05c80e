package io.turnpike.controlplane;

import java.util.List;
import java.util.Map;

/**
 * What a handler answers: a body to serialize as JSON (a record, a Jackson node, or null for an empty
 * body) and the status, which is the operation's success status from the service model unless the
 * handler names another. Operations whose output is a blob payload (Lambda's Invoke) answer {@link
 * #raw} bytes with their own content type and extra headers.
 */
public record Reply(Object body, int status, List<Map.Entry<String, String>> headers) {

    /** Use the operation's success status. */
    public static final int DEFAULT_STATUS = 0;

    public Reply {
        headers = List.copyOf(headers);
    }

    public Reply(Object body, int status) {
        this(body, status, List.of());
    }

    public static Reply of(Object body) {
        return new Reply(body, DEFAULT_STATUS);
    }

    public static Reply empty() {
        return new Reply(null, DEFAULT_STATUS);
    }

    /** Bytes sent as they are, with a {@code Content-Type} and further headers. */
    public static Reply raw(int status, byte[] body, String contentType, List<Map.Entry<String, String>> headers) {
        List<Map.Entry<String, String>> all = new java.util.ArrayList<>();
        all.add(Map.entry("Content-Type", contentType));
        all.addAll(headers);
        return new Reply(new Raw(body), status, all);
    }

    /** A body that is not JSON-serialized. */
    public record Raw(byte[] bytes) {}
}
