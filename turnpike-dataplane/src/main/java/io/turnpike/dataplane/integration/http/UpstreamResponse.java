package io.turnpike.dataplane.integration.http;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An upstream's answer, body aggregated.
 *
 * <p>Headers are exactly as received, in order, hop-by-hop ones ({@code Connection}, {@code
 * Transfer-Encoding}, {@code Content-Length}, …) included: API Gateway remaps or drops those per
 * integration type, and that is the pipeline's job. The body array is not copied; treat it as read-only.
 *
 * @param status the final (non-1xx) status code
 * @param headers name/value pairs in the order received
 * @param body the de-chunked body, empty for {@code HEAD}, 204 and 304
 */
public record UpstreamResponse(int status, List<Map.Entry<String, String>> headers, byte[] body) {

    public UpstreamResponse {
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("status: " + status + " (expected: 100..999)");
        }
        headers = List.copyOf(Objects.requireNonNull(headers, "headers"));
        Objects.requireNonNull(body, "body");
    }

    /** The first value of a header, by case-insensitive name. */
    public Optional<String> header(String name) {
        for (Map.Entry<String, String> header : headers) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return Optional.of(header.getValue());
            }
        }
        return Optional.empty();
    }
}
