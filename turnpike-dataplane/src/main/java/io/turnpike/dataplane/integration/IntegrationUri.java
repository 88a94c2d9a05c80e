package io.turnpike.dataplane.integration;

import io.turnpike.dataplane.integration.http.Origin;
import io.turnpike.dataplane.integration.http.UpstreamException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An integration's URI, compiled once per method (stage variables already filled in): the origin, and
 * the path and query as literal parts and {@code {name}} placeholders. A request then costs one string
 * builder; no regex and no {@link URI} parsing. When a placeholder sits in the authority, the origin
 * depends on the request and is parsed per request (rare: the host from a path parameter).
 */
final class IntegrationUri {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9._$-]+)\\}");

    /** The origin, or null when it depends on the request (or the URI has none: {@link #invalid}). */
    private final Origin origin;
    /** scheme://authority, as literal text and placeholders. */
    private final List<Object> authorityParts;
    /** Literal strings and {@link Placeholder}s; the path (and any query) of the URI. */
    private final List<Object> targetParts;

    private final boolean templateHasQuery;
    private final boolean insecure;
    private final String invalid;

    private record Placeholder(String name, String literal) {}

    private IntegrationUri(
            Origin origin,
            List<Object> authorityParts,
            List<Object> targetParts,
            boolean templateHasQuery,
            boolean insecure,
            String invalid) {
        this.origin = origin;
        this.authorityParts = authorityParts;
        this.targetParts = targetParts;
        this.templateHasQuery = templateHasQuery;
        this.insecure = insecure;
        this.invalid = invalid;
    }

    static IntegrationUri compile(String template, boolean insecure) {
        if (template == null) {
            return new IntegrationUri(null, List.of(), List.of(), false, insecure, "uri: null");
        }
        int scheme = template.indexOf("://");
        int pathStart = scheme < 0 ? -1 : indexOfAny(template, scheme + 3);
        String authority = pathStart < 0 ? template : template.substring(0, pathStart);
        String rest = pathStart < 0 ? "" : template.substring(pathStart);
        if (rest.startsWith("?") || rest.startsWith("#")) {
            rest = "/" + rest;
        }
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            rest = rest.substring(0, hash);
        }
        List<Object> target = parts(rest.isEmpty() ? "/" : rest);
        boolean hasQuery = rest.indexOf('?') >= 0;
        if (authority.indexOf('{') >= 0) {
            return new IntegrationUri(null, parts(authority), target, hasQuery, insecure, null);
        }
        try {
            Origin o = Origin.of(URI.create(authority + "/"), insecure);
            return new IntegrationUri(o, List.of(authority), target, hasQuery, insecure, null);
        } catch (IllegalArgumentException | UpstreamException e) {
            return new IntegrationUri(null, List.of(authority), target, hasQuery, insecure, template);
        }
    }

    private static int indexOfAny(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                return i;
            }
        }
        return -1;
    }

    private static List<Object> parts(String s) {
        List<Object> out = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(s);
        int at = 0;
        while (m.find()) {
            if (m.start() > at) {
                out.add(s.substring(at, m.start()));
            }
            out.add(new Placeholder(m.group(1), m.group()));
            at = m.end();
        }
        if (at < s.length()) {
            out.add(s.substring(at));
        }
        return List.copyOf(out);
    }

    /**
     * The origin for a request, filling placeholders from {@code path}.
     *
     * @throws IllegalArgumentException when the URI is not an absolute http(s) URI
     */
    Origin origin(Map<String, String> path) {
        if (origin != null) {
            return origin;
        }
        if (invalid != null) {
            throw new IllegalArgumentException("uri: " + invalid + " (expected: an absolute http(s) URL)");
        }
        StringBuilder b = new StringBuilder(64);
        fill(b, authorityParts, path);
        try {
            return Origin.of(URI.create(b.append('/').toString()), insecure);
        } catch (UpstreamException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** {@code scheme://authority} as written in the template, its placeholders filled from {@code path}. */
    String base(Map<String, String> path) {
        if (authorityParts.size() == 1 && authorityParts.get(0) instanceof String literal) {
            return literal;
        }
        StringBuilder b = new StringBuilder(64);
        fill(b, authorityParts, path);
        return b.toString();
    }

    /**
     * The request target: the path with placeholders filled from {@code path} (values as received, still
     * percent-encoded), then the client's raw query, then mapped query values, encoded.
     *
     * @throws IllegalArgumentException when a filled-in value makes the target unsendable
     */
    String target(Map<String, String> path, String rawQuery, Map<String, List<String>> query) {
        StringBuilder b = new StringBuilder(96);
        fill(b, targetParts, path);
        boolean first = !templateHasQuery;
        if (!rawQuery.isEmpty()) {
            b.append(first ? '?' : '&').append(rawQuery);
            first = false;
        }
        if (!query.isEmpty()) {
            for (Map.Entry<String, List<String>> e : query.entrySet()) {
                for (String v : e.getValue()) {
                    b.append(first ? '?' : '&')
                            .append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8))
                            .append('=')
                            .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
                    first = false;
                }
            }
        }
        boolean latin1 = false;
        for (int i = 0; i < b.length(); i++) {
            char c = b.charAt(i);
            if (c >= 0x80 && c <= 0xff) {
                latin1 = true; // a raw byte of the client's request line: percent-encoded below
            } else if (c <= ' ' || c >= 0x7f || "{}|\\^`\"<>".indexOf(c) >= 0 || (c == '%' && !escaped(b, i))) {
                throw new IllegalArgumentException("integration request target: character 0x" + Integer.toHexString(c)
                        + " at index " + i + " (expected: printable ASCII, percent-encoded otherwise)");
            }
        }
        return latin1 ? percentEncodeHighBytes(b) : b.toString();
    }

    private static String percentEncodeHighBytes(CharSequence s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                out.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean escaped(StringBuilder b, int percent) {
        return percent + 2 < b.length() && hex(b.charAt(percent + 1)) && hex(b.charAt(percent + 2));
    }

    private static boolean hex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static void fill(StringBuilder b, List<Object> parts, Map<String, String> path) {
        for (int i = 0; i < parts.size(); i++) {
            Object p = parts.get(i);
            if (p instanceof Placeholder ph) {
                String v = path.get(ph.name());
                b.append(v == null ? ph.literal() : v);
            } else {
                b.append((String) p);
            }
        }
    }
}
