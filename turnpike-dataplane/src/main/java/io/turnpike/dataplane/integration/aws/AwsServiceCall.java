package io.turnpike.dataplane.integration.aws;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where one AWS-service call goes: the URI (endpoint, path or action, query), the {@code Host} header it
 * is signed and sent with, and the scope it is signed for.
 *
 * @param signingName the SigV4 service name: the service of the integration URI ({@code s3}, {@code
 *     sqs}, {@code dynamodb}, ...)
 */
public record AwsServiceCall(URI uri, String hostHeader, String region, String signingName) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9._$-]+)\\}");

    /**
     * @param path integration request path values (still percent-encoded, as received)
     * @param query integration request query values (decoded; encoded here)
     * @throws IllegalArgumentException when the result is not a valid URI
     */
    public static AwsServiceCall build(
            AwsServices services, IntegrationUri target, Map<String, String> path, Map<String, List<String>> query) {
        String region;
        String service;
        String subdomain;
        String servicePath;
        StringBuilder q = new StringBuilder();
        if (target instanceof IntegrationUri.ServiceAction a) {
            region = a.region();
            service = a.service();
            subdomain = a.subdomain();
            servicePath = "";
            q.append("Action=").append(encode(a.action()));
        } else if (target instanceof IntegrationUri.ServicePath p) {
            region = p.region();
            service = p.service();
            subdomain = p.subdomain();
            Matcher m = PLACEHOLDER.matcher(p.path());
            StringBuilder filled = new StringBuilder();
            while (m.find()) {
                String v = path.get(m.group(1));
                m.appendReplacement(filled, Matcher.quoteReplacement(v == null ? m.group() : v));
            }
            m.appendTail(filled);
            servicePath = filled.toString();
        } else {
            throw new IllegalArgumentException("target: " + target + " (expected: an AWS-service action or path)");
        }
        query.forEach((name, values) -> {
            for (String v : values) {
                if (q.length() > 0) {
                    q.append('&');
                }
                q.append(encode(name)).append('=').append(encode(v));
            }
        });
        URI endpoint = services.endpoint(service, region, subdomain);
        String base = endpoint.getRawPath() == null ? "" : endpoint.getRawPath();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        if (subdomain != null && services.configured(service)) {
            base = base + "/" + subdomain; // path-style on a configured endpoint
        }
        String rawPath = base + "/" + (servicePath.startsWith("/") ? servicePath.substring(1) : servicePath);
        String text =
                endpoint.getScheme() + "://" + endpoint.getRawAuthority() + rawPath + (q.length() > 0 ? "?" + q : "");
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "endpoint URI: " + text + " (expected: a valid URI; are path parameters mapped?)", e);
        }
        String host = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
        return new AwsServiceCall(uri, host, region, service);
    }

    /** Percent-encoding as SigV4 wants it (space as {@code %20}, unreserved characters kept). */
    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8)
                .replace("+", "%20")
                .replace("*", "%2A")
                .replace("%7E", "~");
    }
}
