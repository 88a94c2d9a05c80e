package io.turnpike.server;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The process contract's settings, validated once at startup.
 *
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

    private static void checkPort(String flag, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(flag + ": " + port + " (expected: 0..65535)");
        }
    }
}
