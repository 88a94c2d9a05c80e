package io.turnpike.dataplane.integration;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.Iterator;
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

    /**
     * {@link #proxiedResponseHeaders(List)} on Netty's headers, adding to {@code to}: names and values are
     * passed on as they are held, without copying them into strings or lower-casing names, since this
     * runs for every streamed answer.
     */
    public static void proxiedResponseHeaders(HttpHeaders from, HttpHeaders to) {
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = from.iteratorCharSequence(); it.hasNext(); ) {
            Map.Entry<CharSequence, CharSequence> h = it.next();
            CharSequence name = h.getKey();
            switch (responseRule(name)) {
                case DROP -> {}
                case REMAP -> to.add(remapped(name), h.getValue());
                default -> to.add(name, h.getValue());
            }
        }
    }

    private static final String REMAPPED = "x-amzn-Remapped-";

    /** The remapped names of the headers nearly every upstream sends, in the two usual spellings. */
    private static final AsciiString[] REMAPPED_COMMON = {
        AsciiString.cached(REMAPPED + "Date"), AsciiString.cached(REMAPPED + "date"),
        AsciiString.cached(REMAPPED + "Server"), AsciiString.cached(REMAPPED + "server"),
        AsciiString.cached(REMAPPED + "Connection"), AsciiString.cached(REMAPPED + "connection"),
        AsciiString.cached(REMAPPED + "Content-Length"), AsciiString.cached(REMAPPED + "content-length")
    };

    /** {@code x-amzn-Remapped-} + the name as the upstream spelled it, without building it for the usual ones. */
    private static CharSequence remapped(CharSequence name) {
        for (AsciiString r : REMAPPED_COMMON) {
            if (r.length() == REMAPPED.length() + name.length()
                    && AsciiString.regionMatches(r, false, REMAPPED.length(), name, 0, name.length())) {
                return r;
            }
        }
        return REMAPPED + name;
    }

    private enum ResponseRule {
        KEEP,
        DROP,
        REMAP
    }

    /** By length first, so most names cost one switch and no compare. */
    private static ResponseRule responseRule(CharSequence n) {
        return switch (n.length()) {
            case 3 -> is(n, "via") ? ResponseRule.DROP : ResponseRule.KEEP;
            case 4 -> is(n, "date") ? ResponseRule.REMAP : ResponseRule.KEEP;
            case 6 -> is(n, "server") ? ResponseRule.REMAP : ResponseRule.KEEP;
            case 10 -> is(n, "connection")
                    ? ResponseRule.REMAP
                    : is(n, "keep-alive") ? ResponseRule.DROP : ResponseRule.KEEP;
            case 14 -> is(n, "content-length") ? ResponseRule.REMAP : ResponseRule.KEEP;
            case 16 -> is(n, "content-encoding") ? ResponseRule.DROP : ResponseRule.KEEP;
            case 17 -> is(n, "transfer-encoding") ? ResponseRule.DROP : ResponseRule.KEEP;
            default -> ResponseRule.KEEP;
        };
    }

    private static boolean is(CharSequence name, String lower) {
        return AsciiString.contentEqualsIgnoreCase(name, lower);
    }

    /** A mapped method-response header name as non-proxy integrations deliver it. */
    public static String mappedResponseHeaderName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return REMAPPED_ALWAYS.contains(lower) || REMAPPED_NON_PROXY.contains(lower) ? "x-amzn-Remapped-" + name : name;
    }
}
