package io.turnpike.dataplane.integration;

import io.turnpike.model.rest.IntegrationResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Picks the integration response of a non-proxy integration: the first one whose {@code
 * selectionPattern} (a Java regex) matches the whole subject — the backend's status code for HTTP and
 * MOCK, the error message for Lambda — else the default response (the one without a pattern). Patterns
 * are compiled once per method.
 */
public final class ResponseSelector {

    private record Candidate(Pattern pattern, IntegrationResponse response) {}

    private final List<Candidate> candidates;
    private final IntegrationResponse defaultResponse;

    private ResponseSelector(List<Candidate> candidates, IntegrationResponse defaultResponse) {
        this.candidates = candidates;
        this.defaultResponse = defaultResponse;
    }

    /** @throws IllegalArgumentException naming a pattern that is not a valid regex */
    public static ResponseSelector compile(Map<String, IntegrationResponse> responses) {
        List<Candidate> candidates = new ArrayList<>();
        IntegrationResponse fallback = null;
        if (responses != null) {
            // AWS tries patterns in status-code order; the map from the store is already sorted by code
            for (IntegrationResponse r : new java.util.TreeMap<>(responses).values()) {
                String p = r.selectionPattern();
                if (p == null || p.isEmpty()) {
                    if (fallback == null) {
                        fallback = r;
                    }
                    continue;
                }
                try {
                    candidates.add(new Candidate(Pattern.compile(p, Pattern.DOTALL), r));
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException(
                            "selectionPattern of response " + r.statusCode() + ": " + p + " (expected: a Java regex)",
                            e);
                }
            }
        }
        return new ResponseSelector(List.copyOf(candidates), fallback);
    }

    /** The selected response, or null when nothing matches and there is no default. */
    public IntegrationResponse select(String subject) {
        if (subject != null) {
            for (Candidate c : candidates) {
                if (c.pattern().matcher(subject).matches()) {
                    return c.response();
                }
            }
        }
        return defaultResponse;
    }
}
