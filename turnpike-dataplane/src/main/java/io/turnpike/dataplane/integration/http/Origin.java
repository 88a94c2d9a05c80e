package io.turnpike.dataplane.integration.http;

import java.net.URI;

/**
 * Where connections go, and so which connections may be shared: scheme, host and port, plus whether
 * certificates were checked. The last one matters: a connection opened for a request that skipped
 * verification must never carry a request that asked for it.
 *
 * @param host as written in the URI, IPv6 literals in brackets
 */
public record Origin(boolean secure, String host, int port, boolean insecure) {

    /**
     * The origin of an absolute {@code http}/{@code https} URI.
     *
     * @throws UpstreamException of kind {@link UpstreamException.Kind#INVALID_URI} when it has none
     */
    public static Origin of(URI uri, boolean insecureSkipVerification) {
        String scheme = uri.getScheme();
        boolean secure;
        if ("https".equalsIgnoreCase(scheme)) {
            secure = true;
        } else if ("http".equalsIgnoreCase(scheme)) {
            secure = false;
        } else {
            throw invalid(uri, "the scheme must be http or https");
        }
        String host = uri.getHost();
        int port = uri.getPort();
        if (host == null) {
            // java.net.URI gives up on host names it deems invalid (an underscore, common in internal
            // names such as my_service.internal) and keeps only the raw authority; read it ourselves.
            String authority = uri.getRawAuthority();
            if (authority == null) {
                throw invalid(uri, "it has no host");
            }
            int at = authority.lastIndexOf('@');
            if (at >= 0) {
                authority = authority.substring(at + 1);
            }
            int colon = authority.lastIndexOf(':');
            if (colon >= 0 && authority.indexOf(']', colon) < 0) {
                host = authority.substring(0, colon);
                port = parsePort(uri, authority.substring(colon + 1));
            } else {
                host = authority;
                port = -1;
            }
            if (host.isEmpty() || !plausibleHost(host)) {
                throw invalid(uri, "it has no valid host");
            }
        }
        if (port == -1) {
            port = secure ? 443 : 80;
        } else if (port < 1 || port > 65535) {
            throw invalid(uri, "port " + port + " is outside 1..65535");
        }
        return new Origin(secure, host, port, secure && insecureSkipVerification);
    }

    /** The Host header for this origin: the port only when it is not the scheme's default. */
    String hostHeader() {
        return port == (secure ? 443 : 80) ? host : host + ':' + port;
    }

    /** The host to resolve and to name in TLS SNI: IPv6 literals without their brackets. */
    String bareHost() {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    @Override
    public String toString() {
        return (secure ? "https://" : "http://") + host + ':' + port;
    }

    private static int parsePort(URI uri, String text) {
        if (text.isEmpty()) {
            return -1;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw invalid(uri, "port \"" + text + "\" is not a number");
        }
    }

    private static boolean plausibleHost(String host) {
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '.'
                    || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static UpstreamException invalid(URI uri, String why) {
        return new UpstreamException(
                UpstreamException.Kind.INVALID_URI, "invalid integration endpoint " + uri + ": " + why);
    }
}
