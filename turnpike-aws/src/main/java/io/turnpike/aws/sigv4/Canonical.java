package io.turnpike.aws.sigv4;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;

/**
 * The pieces of a SigV4 canonical request that are built from the wire form of a request: the URI, the
 * query string and header values.
 */
final class Canonical {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Canonical() {}

    /**
     * The canonical URI of a raw (still percent-encoded) request path, for every service but S3.
     *
     * <p>The specification says each path segment is "URI-encoded twice". Read that with the client's
     * side in mind: a client builds the path by percent-encoding each label once (botocore's serializer,
     * the Java SDK's marshallers), sends that, and its signer then percent-encodes the whole path
     * <em>again</em>, leaving only the unreserved characters and {@code /} alone. botocore does it with
     * {@code quote(path, safe='/~')}, the Java SDK v2 with {@code urlEncodeIgnoreSlashes}, curl with its
     * own loop. So the encoding the server must repeat is a single pass over the path exactly as it came
     * off the wire, and every {@code %} becomes {@code %25}:
     *
     * <pre>
     *   wire:      /tags/arn%3Aaws%3Aapigateway%3Aus-east-1%3A%3A%2Frestapis%2Fabc
     *   canonical: /tags/arn%253Aaws%253Aapigateway%253Aus-east-1%253A%253A%252Frestapis%252Fabc
     *   wire:      /tags/arn:aws:apigateway:us-east-1::/restapis/abc      (':' sent raw)
     *   canonical: /tags/arn%3Aaws%3Aapigateway%3Aus-east-1%3A%3A/restapis/abc
     * </pre>
     *
     * <p>It is tempting to "normalise" each segment first (decode it, then encode it with the unreserved
     * set) so that {@code %3A}, {@code %3a} and a raw {@code :} all canonicalise alike. That breaks real
     * clients: it turns the {@code %2F} inside a segment back into {@code %2F} where the client signed
     * {@code %252F}, and no client computes such a form, so the signature of every path holding an
     * encoded character would stop matching. The path is therefore never decoded here; only the dot
     * segments are resolved, see {@link #normalizePath}.
     */
    static String uri(String rawPath) {
        String normalized = normalizePath(rawPath);
        StringBuilder out = new StringBuilder(normalized.length() + 16);
        appendEncoded(out, normalized, c -> c == '/' || isUnreserved(c));
        return out.toString();
    }

    /**
     * Removes {@code .} and {@code ..} segments and empty segments ({@code //}), keeping a leading and
     * (when something is left) a trailing slash — what botocore's {@code normalize_url_path} does before
     * it encodes, and what the Java SDK's {@code URI.normalize()} agrees with for every path that does
     * not climb above the root. Encoded dots ({@code %2E}) are data, not dot segments.
     *
     * <p>Because of this, {@code /a/./b}, {@code /a//b} and {@code /a/b} share one signature; whatever
     * routes the request must resolve paths the same way, or refuse the unnormalised forms.
     */
    static String normalizePath(String rawPath) {
        if (rawPath.isEmpty()) {
            return "/";
        }
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : rawPath.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                segments.pollLast();
            } else {
                segments.addLast(segment);
            }
        }
        String first = rawPath.startsWith("/") ? "/" : "";
        String last = rawPath.endsWith("/") && !segments.isEmpty() ? "/" : "";
        return first + String.join("/", segments) + last;
    }

    /** One {@code name=value} pair of a query string, decoded and in canonical encoding. */
    record QueryParameter(String name, String value, String canonicalName, String canonicalValue) {}

    /**
     * Splits a raw query string into its parameters. Each name and value is decoded — {@code %XY} to
     * its octet, and {@code +} to a space as AWS's own services read it (a client that means a literal
     * plus sends {@code %2B}) — and then re-encoded with only the unreserved characters left alone and
     * upper-case hex, so any encoding of the same octets canonicalises alike. A parameter without
     * {@code =} has an empty value; empty pieces ({@code a=1&&b=2}) are dropped.
     */
    static List<QueryParameter> parseQuery(String rawQuery) {
        List<QueryParameter> parameters = new ArrayList<>();
        if (rawQuery.isEmpty()) {
            return parameters;
        }
        for (String piece : rawQuery.split("&", -1)) {
            if (piece.isEmpty()) {
                continue;
            }
            int equals = piece.indexOf('=');
            String rawName = equals < 0 ? piece : piece.substring(0, equals);
            String rawValue = equals < 0 ? "" : piece.substring(equals + 1);
            byte[] name = decodeQueryComponent(rawName);
            byte[] value = decodeQueryComponent(rawValue);
            parameters.add(new QueryParameter(
                    new String(name, StandardCharsets.UTF_8),
                    new String(value, StandardCharsets.UTF_8),
                    encodeOctets(name),
                    encodeOctets(value)));
        }
        return parameters;
    }

    /**
     * The canonical query string: every parameter but the excluded ones, sorted by encoded name and then
     * by encoded value (so repeated names keep a stable order), joined with {@code &}.
     */
    static String query(List<QueryParameter> parameters, Predicate<QueryParameter> excluded) {
        StringBuilder out = new StringBuilder();
        parameters.stream()
                .filter(excluded.negate())
                .sorted(Comparator.comparing(QueryParameter::canonicalName)
                        .thenComparing(QueryParameter::canonicalValue))
                .forEach(parameter -> {
                    if (out.length() > 0) {
                        out.append('&');
                    }
                    out.append(parameter.canonicalName()).append('=').append(parameter.canonicalValue());
                });
        return out.toString();
    }

    /**
     * A header value as the specification's {@code Trimall} leaves it: no leading or trailing
     * whitespace, and every inner run of whitespace folded to one space. Repeated headers are trimmed
     * one by one and then joined with {@code ,} by the caller.
     */
    static String headerValue(String value) {
        StringBuilder out = new StringBuilder(value.length());
        boolean pendingSpace = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (isHeaderWhitespace(c)) {
                pendingSpace = out.length() > 0;
            } else {
                if (pendingSpace) {
                    out.append(' ');
                    pendingSpace = false;
                }
                out.append(c);
            }
        }
        return out.toString();
    }

    static boolean isHeaderWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000b';
    }

    static boolean isUnreserved(int c) {
        return (c >= 'A' && c <= 'Z')
                || (c >= 'a' && c <= 'z')
                || (c >= '0' && c <= '9')
                || c == '-'
                || c == '_'
                || c == '.'
                || c == '~';
    }

    private static byte[] decodeQueryComponent(String raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); ) {
            char c = raw.charAt(i);
            if (c == '+') {
                out.write(' ');
                i++;
            } else if (c == '%'
                    && i + 2 < raw.length()
                    && hexValue(raw.charAt(i + 1)) >= 0
                    && hexValue(raw.charAt(i + 2)) >= 0) {
                out.write(hexValue(raw.charAt(i + 1)) << 4 | hexValue(raw.charAt(i + 2)));
                i += 3;
            } else {
                int codePoint = raw.codePointAt(i);
                writeOctets(out, codePoint);
                i += Character.charCount(codePoint);
            }
        }
        return out.toByteArray();
    }

    private static String encodeOctets(byte[] octets) {
        StringBuilder out = new StringBuilder(octets.length + 8);
        for (byte octet : octets) {
            int b = octet & 0xFF;
            if (isUnreserved(b)) {
                out.append((char) b);
            } else {
                appendEscape(out, b);
            }
        }
        return out.toString();
    }

    private static void appendEncoded(StringBuilder out, String text, Predicate<Character> keep) {
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            i += Character.charCount(codePoint);
            if (codePoint < 0x80 && keep.test((char) codePoint)) {
                out.append((char) codePoint);
            } else if (codePoint <= 0xFF) {
                appendEscape(out, codePoint);
            } else {
                for (byte octet : new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8)) {
                    appendEscape(out, octet & 0xFF);
                }
            }
        }
    }

    private static void writeOctets(ByteArrayOutputStream out, int codePoint) {
        if (codePoint <= 0xFF) {
            out.write(codePoint);
        } else {
            out.writeBytes(new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void appendEscape(StringBuilder out, int octet) {
        out.append('%').append(HEX[octet >> 4]).append(HEX[octet & 0xF]);
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }
}
