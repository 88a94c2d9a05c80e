package io.turnpike.dataplane.entry;

/**
 * Where an invocation is addressed, read from its URL before any configuration is consulted.
 *
 * <ul>
 *   <li>host style: {@code {apiId}.execute-api.{domain}/{stage}/{path}} (any domain, so the same
 *       Turnpike serves {@code localhost}, a LAN name or a real DNS name);
 *   <li>path style: {@code /restapis/{apiId}/{stage}/_user_request_/{path}} on any host.
 * </ul>
 *
 * @param resourcePath the path below the stage, raw, starting with {@code /}
 * @param stagePath {@code $context.path}: the stage and resource path as received
 */
record InvokeTarget(String apiId, String stage, String resourcePath, String stagePath) {

    private static final String PATH_STYLE = "/restapis/";
    private static final String USER_REQUEST = "/_user_request_";

    /**
     * Resolves a request; null when the URL addresses no API at all. Dot segments are removed first (RFC
     * 3986 §5.2.4, as nginx and CloudFront do), so {@code ..} can neither change the stage after routing
     * nor climb out of an integration's base path on the backend.
     */
    static InvokeTarget resolve(String host, String path) {
        String rawPath = removeDotSegments(path);
        if (rawPath.startsWith(PATH_STYLE)) {
            int apiEnd = rawPath.indexOf('/', PATH_STYLE.length());
            if (apiEnd < 0) {
                return null;
            }
            int stageEnd = rawPath.indexOf('/', apiEnd + 1);
            if (stageEnd < 0 || !rawPath.startsWith(USER_REQUEST, stageEnd)) {
                return null;
            }
            String rest = rawPath.substring(stageEnd + USER_REQUEST.length());
            if (!rest.isEmpty() && rest.charAt(0) != '/') {
                return null;
            }
            String stage = rawPath.substring(apiEnd + 1, stageEnd);
            String resource = rest.isEmpty() ? "/" : rest;
            return new InvokeTarget(
                    rawPath.substring(PATH_STYLE.length(), apiEnd), stage, resource, "/" + stage + rest);
        }
        String apiId = apiIdFromHost(host);
        if (apiId == null) {
            return null;
        }
        // the first non-empty segment is the stage: "//stage/x" and "/stage//x" both address "stage"
        int i = 0;
        while (i < rawPath.length() && rawPath.charAt(i) == '/') {
            i++;
        }
        int stageEnd = rawPath.indexOf('/', i);
        String stage = stageEnd < 0 ? rawPath.substring(i) : rawPath.substring(i, stageEnd);
        if (stage.isEmpty()) {
            return new InvokeTarget(apiId, "", "/", rawPath);
        }
        String rest = stageEnd < 0 ? "" : rawPath.substring(stageEnd);
        return new InvokeTarget(apiId, stage, rest.isEmpty() ? "/" : rest, "/" + stage + rest);
    }

    /** RFC 3986 remove_dot_segments for {@code .}, {@code ..} and their percent-encoded forms. */
    static String removeDotSegments(String path) {
        if (!path.contains(".") && !path.contains("%2e") && !path.contains("%2E")) {
            return path;
        }
        String[] parts = path.split("/", -1);
        java.util.ArrayDeque<String> out = new java.util.ArrayDeque<>();
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i];
            String decoded = p.replace("%2e", ".").replace("%2E", ".");
            boolean last = i == parts.length - 1;
            if (decoded.equals(".")) {
                if (last) {
                    out.addLast("");
                }
            } else if (decoded.equals("..")) {
                out.pollLast();
                if (last) {
                    out.addLast("");
                }
            } else {
                out.addLast(p);
            }
        }
        return "/" + String.join("/", out);
    }

    /** The API id of a {@code {apiId}.execute-api.*} host (port ignored), or null. */
    static String apiIdFromHost(String host) {
        if (host == null) {
            return null;
        }
        int dot = host.indexOf('.');
        if (dot <= 0 || !host.startsWith(".execute-api.", dot)) {
            return null;
        }
        return host.substring(0, dot).toLowerCase(java.util.Locale.ROOT);
    }
}
