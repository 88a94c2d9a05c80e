package io.turnpike.dataplane.integration.http;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A request to send upstream.
 *
 * <p>Headers are sent in the given order, repeated names included. The client writes {@code Host}
 * (from the origin, unless a {@code Host} header is given, as an integration's header mapping may do) and
 * {@code Content-Length} itself, and never forwards the hop-by-hop headers {@code Connection}, {@code
 * Keep-Alive}, {@code Proxy-Connection}, {@code Transfer-Encoding}, {@code TE} or {@code Upgrade}: it
 * sends its own {@code Connection: keep-alive}, or {@code Connection: close} when a given {@code
 * Connection} header asks for {@code close}.
 *
 * <p>Made from a {@link URI}, the URI is checked when the request is executed, not here: an integration
 * URI built from stage variables and path parameters that is not an absolute {@code http}/{@code https}
 * URI with a host fails the call with {@link UpstreamException.Kind#INVALID_URI}, which the pipeline
 * answers as AWS does. Made from an {@link Origin} and a request target (what the data plane does per
 * request, its integration URI compiled once), nothing is parsed: the URI is only put together when
 * something asks for it, such as a test invocation's log. The body array is not copied; do not change
 * it while the request is in flight.
 */
public final class UpstreamRequest {

    private final String method;
    /**
     * The URI as given, or made from {@link #base} and {@link #target} on first ask (a race between two
     * threads only builds the same immutable URI twice).
     */
    private URI uri;
    /** Null when made from a URI: resolved (and checked) by {@link #origin()} at execution. */
    private final Origin origin;
    /** {@code scheme://authority} as the integration wrote it, for {@link #uri()}; null for the origin's own form. */
    private final String base;

    private final String target;
    private final List<Map.Entry<String, String>> headers;
    private final byte[] body;
    private final Duration timeout;
    private final boolean insecureSkipVerification;

    /**
     * A request to an absolute URI.
     *
     * @param method the request method, an HTTP token such as {@code GET}
     * @param uri absolute {@code http} or {@code https} URI; its raw path and query are sent as they are
     * @param headers header name/value pairs in order; names are HTTP tokens, values hold no control
     *     characters other than tab (so that no value can smuggle in another header)
     * @param body the request body, empty for none
     * @param timeout bound on the whole exchange (connect, send, receive); see {@link
     *     UpstreamException.Kind#TIMEOUT}
     * @param insecureSkipVerification for https, accept any certificate and host name (API Gateway's
     *     {@code tlsConfig.insecureSkipVerification})
     * @throws IllegalArgumentException when the method, a header or the timeout is invalid
     */
    public UpstreamRequest(
            String method,
            URI uri,
            List<Map.Entry<String, String>> headers,
            byte[] body,
            Duration timeout,
            boolean insecureSkipVerification) {
        this(
                method,
                Objects.requireNonNull(uri, "uri"),
                null,
                null,
                target(uri),
                headers,
                body,
                timeout,
                insecureSkipVerification);
    }

    /**
     * A request to a resolved origin, with its request target already put together.
     *
     * @param origin where to send it; its {@link Origin#insecure()} is the TLS verification choice
     * @param base {@code scheme://authority} as written in the integration, for {@link #uri()}; null to
     *     use the origin's own form ({@code http://host:port})
     * @param target the request target: the raw path and query, sent as they are (checked by the caller)
     * @throws IllegalArgumentException when the method, a header or the timeout is invalid
     * @see #UpstreamRequest(String, URI, List, byte[], Duration, boolean) the other parameters
     */
    public UpstreamRequest(
            String method,
            Origin origin,
            String base,
            String target,
            List<Map.Entry<String, String>> headers,
            byte[] body,
            Duration timeout) {
        this(
                method,
                null,
                Objects.requireNonNull(origin, "origin"),
                base,
                Objects.requireNonNull(target, "target"),
                headers,
                body,
                timeout,
                origin.insecure());
    }

    private UpstreamRequest(
            String method,
            URI uri,
            Origin origin,
            String base,
            String target,
            List<Map.Entry<String, String>> headers,
            byte[] body,
            Duration timeout,
            boolean insecureSkipVerification) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(timeout, "timeout");
        if (!isToken(method)) {
            throw new IllegalArgumentException("method: \"" + method + "\" (expected: an HTTP token such as GET)");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout: " + timeout + " (expected: > 0)");
        }
        List<Map.Entry<String, String>> copy = List.copyOf(headers);
        for (Map.Entry<String, String> header : copy) {
            checkHeader(header.getKey(), header.getValue());
        }
        this.method = method;
        this.uri = uri;
        this.origin = origin;
        this.base = base;
        this.target = target;
        this.headers = copy;
        this.body = body;
        this.timeout = timeout;
        this.insecureSkipVerification = insecureSkipVerification;
    }

    private static String target(URI uri) {
        String path = uri.getRawPath();
        if (path == null || path.isEmpty()) {
            path = "/";
        }
        String query = uri.getRawQuery();
        return query == null ? path : path + '?' + query;
    }

    /** The request method, an HTTP token. */
    public String method() {
        return method;
    }

    /** The absolute URI: as given, or the integration's {@code scheme://authority} and the target. */
    public URI uri() {
        URI u = uri;
        if (u == null) {
            u = URI.create((base != null ? base : origin.toString()) + target);
            uri = u;
        }
        return u;
    }

    /**
     * Where the request goes.
     *
     * @throws UpstreamException of kind {@link UpstreamException.Kind#INVALID_URI} when the URI it was
     *     made from has no http(s) origin
     */
    Origin origin() throws UpstreamException {
        return origin != null ? origin : Origin.of(uri, insecureSkipVerification);
    }

    /** The request target: the raw path (at least {@code /}) and query. */
    String target() {
        return target;
    }

    /** The headers to send, in order. */
    public List<Map.Entry<String, String>> headers() {
        return headers;
    }

    /** The body, empty for none; not a copy. */
    public byte[] body() {
        return body;
    }

    /** Bound on the whole exchange. */
    public Duration timeout() {
        return timeout;
    }

    /** For https, accept any certificate and host name. */
    public boolean insecureSkipVerification() {
        return insecureSkipVerification;
    }

    /**
     * Checks a header before it is sent: a token for a name, no control character but tab in the value.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static void checkHeader(String name, String value) {
        Objects.requireNonNull(name, "header name");
        Objects.requireNonNull(value, () -> "value of header " + name);
        if (!isToken(name)) {
            throw new IllegalArgumentException("header name: \"" + name + "\" (expected: an HTTP token)");
        }
        int bad = firstControlCharacter(value);
        if (bad >= 0) {
            throw new IllegalArgumentException("value of header " + name + ": control character 0x"
                    + Integer.toHexString(value.charAt(bad)) + " at index " + bad
                    + " (expected: none but tab)");
        }
    }

    /**
     * True when the request may be sent twice without changing its effect (RFC 9110 §9.2.2), of the
     * methods API Gateway lets a client use.
     */
    boolean idempotent() {
        return switch (method) {
            case "GET", "HEAD", "OPTIONS", "PUT", "DELETE" -> true;
            default -> false;
        };
    }

    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean tchar = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!tchar) {
                return false;
            }
        }
        return true;
    }

    private static int firstControlCharacter(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return i;
            }
        }
        return -1;
    }
}
