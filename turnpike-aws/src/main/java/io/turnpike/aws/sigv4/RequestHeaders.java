package io.turnpike.aws.sigv4;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Case-insensitive lookups over a request's header lines, keeping their wire order. */
final class RequestHeaders {

    private final List<Map.Entry<String, String>> lines;

    RequestHeaders(List<Map.Entry<String, String>> lines) {
        this.lines = lines;
    }

    /** The value of the first line named {@code name}. */
    Optional<String> first(String name) {
        for (Map.Entry<String, String> line : lines) {
            if (line.getKey().equalsIgnoreCase(name)) {
                return Optional.of(line.getValue());
            }
        }
        return Optional.empty();
    }

    /** The values of every line named {@code name}, in wire order. */
    List<String> all(String name) {
        List<String> values = new ArrayList<>(1);
        for (Map.Entry<String, String> line : lines) {
            if (line.getKey().equalsIgnoreCase(name)) {
                values.add(line.getValue());
            }
        }
        return values;
    }
}
