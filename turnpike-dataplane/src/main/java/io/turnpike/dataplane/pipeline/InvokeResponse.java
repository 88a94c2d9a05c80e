package io.turnpike.dataplane.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A response to the client before the standard headers are added. Headers keep their order. */
public record InvokeResponse(int status, List<Map.Entry<String, String>> headers, byte[] body) {

    public InvokeResponse {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status: " + status + " (expected: 100..599)");
        }
        headers = List.copyOf(headers);
        Objects.requireNonNull(body, "body");
    }

    public String header(String name) {
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase(name)) {
                return h.getValue();
            }
        }
        return null;
    }

    /** A JSON response. */
    public static InvokeResponse json(int status, byte[] body) {
        List<Map.Entry<String, String>> h = new ArrayList<>(1);
        h.add(Map.entry("Content-Type", "application/json"));
        return new InvokeResponse(status, h, body);
    }
}
