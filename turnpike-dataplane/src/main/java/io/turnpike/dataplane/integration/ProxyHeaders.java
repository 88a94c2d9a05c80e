package io.turnpike.dataplane.integration;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The header rules of spec data-plane-rest §5.1 and §16: what API Gateway drops from a request before
 * it reaches the backend, and what it renames or drops from the backend's response.
 */
public final class ProxyHeaders {

    private ProxyHeaders() {}

    /** Dropped from every incoming request before anything else (hop-by-hop and recomputed headers). */
    static final Set<String> DROPPED_FROM_REQUEST = Set.of(
            "connection",
            "content-length",
            "content-md5",
            "expect",
            "max-forwards",
            "proxy-authenticate",
            "server",
            "te",
            "transfer-encoding",
            "trailer",
            "upgrade",
            "www-authenticate",
            "keep-alive",
            "proxy-connection");

    /** HTTP_PROXY sends the client's remaining headers except these (they pass only when mapped). */
    static final Set<String> NOT_PROXIED = Set.of("host", "content-encoding", "via");

    /** Renamed to {@code x-amzn-Remapped-*} on every integration type's response. */
    static final Set<String> REMAPPED_ALWAYS = Set.of("connection", "content-length", "date", "server");

    /** Also renamed for HTTP and AWS (non-proxy mapped headers). */
    static final Set<String> REMAPPED_NON_PROXY = Set.of(
            "authorization",
            "content-md5",
            "expect",
            "host",
            "max-forwards",
            "proxy-authenticate",
            "trailer",
            "upgrade",
            "user-agent",
            "www-authenticate");

    /** The client's headers an HTTP_PROXY integration forwards. */
    public static List<Map.Entry<String, String>> forwardedRequestHeaders(List<Map.Entry<String, String>> headers) {
        List<Map.Entry<String, String>> out = new ArrayList<>(headers.size());
        for (Map.Entry<String, String> h : headers) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (DROPPED_FROM_REQUEST.contains(name) || NOT_PROXIED.contains(name)) {
                continue;
            }
            if (name.equals("authorization") && h.getValue().startsWith("AWS4-HMAC-SHA256")) {
                continue; // a SigV4 signature for API Gateway must not leak to the backend
            }
            out.add(h);
        }
        return out;
    }

    /**
     * The backend's response headers as the client receives them from an HTTP_PROXY integration:
     * colliding names renamed to {@code x-amzn-Remapped-*}; {@code Transfer-Encoding}, {@code
     * Content-Encoding} and {@code Via} dropped.
     */
    public static List<Map.Entry<String, String>> proxiedResponseHeaders(List<Map.Entry<String, String>> headers) {
        List<Map.Entry<String, String>> out = new ArrayList<>(headers.size());
        for (Map.Entry<String, String> h : headers) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (name.equals("transfer-encoding")
                    || name.equals("content-encoding")
                    || name.equals("via")
                    || name.equals("keep-alive")) {
                continue;
            }
            if (REMAPPED_ALWAYS.contains(name)) {
                out.add(Map.entry("x-amzn-Remapped-" + h.getKey(), h.getValue()));
            } else {
                out.add(h);
            }
        }
        return out;
    }

    /** A mapped method-response header name as non-proxy integrations deliver it. */
    public static String mappedResponseHeaderName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return REMAPPED_ALWAYS.contains(lower) || REMAPPED_NON_PROXY.contains(lower) ? "x-amzn-Remapped-" + name : name;
    }
}
