package io.turnpike.controlplane.http;

import java.util.List;
import java.util.Map;

/**
 * An admin request as it arrived, before routing: what authentication and routing need.
 *
 * @param rawPath the path as sent, still percent-encoded
 * @param rawQuery the query string as sent, without {@code ?}; empty when none
 * @param headers in wire order; names as sent
 */
public record AdminRequest(
        String method, String rawPath, String rawQuery, List<Map.Entry<String, String>> headers, byte[] body) {

    /** The first value of a header, matched case-insensitively, or null. */
    public String header(String name) {
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase(name)) {
                return h.getValue();
            }
        }
        return null;
    }
}
