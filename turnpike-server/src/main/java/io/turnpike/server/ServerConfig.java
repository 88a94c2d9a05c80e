package io.turnpike.server;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The process contract's settings, validated once at startup.
 *
 * @param lambdaEndpoint a Lambda Invoke API endpoint for functions Turnpike does not run itself, or null
 * @param awsEndpoint the endpoint of every AWS service that AWS-service integrations call, or null for
 *     AWS's own endpoints
 * @param awsServiceEndpoints endpoints of single services (by signing name: {@code s3}, {@code sqs},
 *     ...), winning over {@code awsEndpoint}
 * @param cognitoIssuerBase {@code --cognito-issuer-base}, or null for Cognito's own issuers
 * @param vpceHeader {@code --vpce-header}, or null
 * @param vpcHeader {@code --vpc-header}, or null
 */
record ServerConfig(
        int port,
        String bind,
        int adminPort,
        String adminBind,
        Path dataDir,
        String region,
        String accountId,
        String domain,
        URI lambdaEndpoint,
        URI awsEndpoint,
        Map<String, URI> awsServiceEndpoints,
        String cognitoIssuerBase,
        String vpceHeader,
        String vpcHeader) {

    ServerConfig {
        checkPort("--port", port);
        checkPort("--admin-port", adminPort);
        Objects.requireNonNull(dataDir, "dataDir");
        if (region == null || !region.matches("[a-z]{2}(-[a-z]+)+-\\d")) {
            throw new IllegalArgumentException("--region: " + region + " (expected: an AWS region such as us-east-1)");
        }
        if (accountId == null || !accountId.matches("\\d{12}")) {
            throw new IllegalArgumentException("--account-id: " + accountId + " (expected: 12 digits)");
        }
        if (domain == null || domain.isBlank()) {
            throw new IllegalArgumentException("--domain: '" + domain + "' (expected: a host name)");
        }
        checkEndpoint("--lambda-endpoint", lambdaEndpoint);
        checkEndpoint("--aws-endpoint", awsEndpoint);
        awsServiceEndpoints = Map.copyOf(awsServiceEndpoints == null ? Map.of() : awsServiceEndpoints);
        awsServiceEndpoints.forEach((service, uri) -> {
            if (!service.matches("[a-z0-9-]+")) {
                throw new IllegalArgumentException("--aws-service-endpoint: " + service
                        + " (expected: a service signing name such as s3, sqs, dynamodb)");
            }
            checkEndpoint("--aws-service-endpoint " + service, uri);
        });
        if (cognitoIssuerBase != null && !cognitoIssuerBase.matches("https?://[^/\\s]+(/\\S*)?")) {
            throw new IllegalArgumentException(
                    "--cognito-issuer-base: " + cognitoIssuerBase + " (expected: an http or https URL)");
        }
        if (vpceHeader != null && !vpceHeader.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
            throw new IllegalArgumentException("--vpce-header: '" + vpceHeader + "' (expected: a header name)");
        }
        if (vpcHeader != null && !vpcHeader.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
            throw new IllegalArgumentException("--vpc-header: '" + vpcHeader + "' (expected: a header name)");
        }
    }

    /** Without endpoints and authorizer settings: functions and AWS services configured nowhere. */
    ServerConfig(
            int port,
            String bind,
            int adminPort,
            String adminBind,
            Path dataDir,
            String region,
            String accountId,
            String domain) {
        this(
                port, bind, adminPort, adminBind, dataDir, region, accountId, domain, null, null, Map.of(), null, null,
                null);
    }

    /**
     * Parses {@code --aws-service-endpoint} values ({@code s3=http://127.0.0.1:9000}), also given
     * comma-separated in {@code TURNPIKE_AWS_SERVICE_ENDPOINTS}.
     */
    static Map<String, URI> serviceEndpoints(Iterable<String> entries) {
        Map<String, URI> out = new TreeMap<>();
        for (String entry : entries) {
            for (String piece : entry.split(",")) {
                String p = piece.strip();
                if (p.isEmpty()) {
                    continue;
                }
                int eq = p.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("--aws-service-endpoint: " + p
                            + " (expected: SERVICE=URL, such as s3=http://127.0.0.1:9000)");
                }
                out.put(
                        p.substring(0, eq).strip(),
                        uri("--aws-service-endpoint", p.substring(eq + 1).strip()));
            }
        }
        return out;
    }

    /** An endpoint flag's value; null for an empty one. */
    static URI uri(String flag, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return new URI(value.strip());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException(flag + ": " + value + " (expected: an http(s) URL)");
        }
    }

    private static void checkEndpoint(String flag, URI uri) {
        if (uri != null
                && (uri.getScheme() == null
                        || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                        || uri.getHost() == null)) {
            throw new IllegalArgumentException(
                    flag + ": " + uri + " (expected: an http(s) URL such as http://127.0.0.1:4566)");
        }
    }

    private static void checkPort(String flag, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(flag + ": " + port + " (expected: 0..65535)");
        }
    }
}
