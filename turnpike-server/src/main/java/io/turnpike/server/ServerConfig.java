package io.turnpike.server;

import java.nio.file.Path;
import java.util.Objects;

/** The process contract's settings, validated once at startup. */
record ServerConfig(
        int port,
        String bind,
        int adminPort,
        String adminBind,
        Path dataDir,
        String region,
        String accountId,
        String domain) {

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
    }

    private static void checkPort(String flag, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(flag + ": " + port + " (expected: 0..65535)");
        }
    }
}
