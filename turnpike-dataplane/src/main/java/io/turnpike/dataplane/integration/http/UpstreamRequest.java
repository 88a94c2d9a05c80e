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
 * (from the URI, unless a {@code Host} header is given, as an integration's header mapping may do) and
 * {@code Content-Length} itself, and never forwards the hop-by-hop headers {@code Connection}, {@code
 * Keep-Alive}, {@code Proxy-Connection}, {@code Transfer-Encoding}, {@code TE} or {@code Upgrade}: it
 * sends its own {@code Connection: keep-alive}, or {@code Connection: close} when a given {@code
 * Connection} header asks for {@code close}.
 *
 * <p>The URI is checked when the request is executed, not here: an integration URI built from stage
 * variables and path parameters that is not an absolute {@code http}/{@code https} URI with a host
 * fails the call with {@link UpstreamException.Kind#INVALID_URI}, which the pipeline answers as AWS
 * does. The body array is not copied; do not change it while the request is in flight.
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
 */
public record UpstreamRequest(
        String method,
        URI uri,
        List<Map.Entry<String, String>> headers,
        byte[] body,
        Duration timeout,
        boolean insecureSkipVerification) {

    public UpstreamRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(timeout, "timeout");
        if (!isToken(method)) {
            throw new IllegalArgumentException("method: \"" + method + "\" (expected: an HTTP token such as GET)");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout: " + timeout + " (expected: > 0)");
        }
        headers = List.copyOf(headers);
        for (Map.Entry<String, String> header : headers) {
            checkHeader(header.getKey(), header.getValue());
        }
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
