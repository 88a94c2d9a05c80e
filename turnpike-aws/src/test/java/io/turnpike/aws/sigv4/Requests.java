package io.turnpike.aws.sigv4;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Small edits of a {@link SignedRequest}, for tampering with signed requests in tests. */
final class Requests {

    private Requests() {}

    static SignedRequest withPath(SignedRequest request, String rawPath) {
        return new SignedRequest(request.method(), rawPath, request.rawQuery(), request.headers(), request.body());
    }

    static SignedRequest withQuery(SignedRequest request, String rawQuery) {
        return new SignedRequest(request.method(), request.rawPath(), rawQuery, request.headers(), request.body());
    }

    static SignedRequest withBody(SignedRequest request, byte[] body) {
        return new SignedRequest(request.method(), request.rawPath(), request.rawQuery(), request.headers(), body);
    }

    static SignedRequest withMethod(SignedRequest request, String method) {
        return new SignedRequest(method, request.rawPath(), request.rawQuery(), request.headers(), request.body());
    }

    static SignedRequest withHeaders(SignedRequest request, UnaryOperator<List<Map.Entry<String, String>>> change) {
        return new SignedRequest(
                request.method(),
                request.rawPath(),
                request.rawQuery(),
                change.apply(new ArrayList<>(request.headers())),
                request.body());
    }

    /** Replaces the value of every header named {@code name} (case-insensitively). */
    static SignedRequest replacingHeader(SignedRequest request, String name, UnaryOperator<String> value) {
        return withHeaders(request, headers -> {
            List<Map.Entry<String, String>> changed = new ArrayList<>();
            for (Map.Entry<String, String> header : headers) {
                changed.add(
                        header.getKey().equalsIgnoreCase(name)
                                ? Map.entry(header.getKey(), value.apply(header.getValue()))
                                : header);
            }
            return changed;
        });
    }

    static SignedRequest withoutHeader(SignedRequest request, String name) {
        return withHeaders(request, headers -> {
            headers.removeIf(header -> header.getKey().equalsIgnoreCase(name));
            return headers;
        });
    }

    static SignedRequest addingHeader(SignedRequest request, String name, String value) {
        return withHeaders(request, headers -> {
            headers.add(Map.entry(name, value));
            return headers;
        });
    }

    static SignedRequest request(
            String method, String rawPath, String rawQuery, List<Map.Entry<String, String>> headers) {
        return new SignedRequest(method, rawPath, rawQuery, headers, new byte[0]);
    }
}
