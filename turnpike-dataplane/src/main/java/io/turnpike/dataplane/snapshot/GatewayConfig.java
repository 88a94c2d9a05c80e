package io.turnpike.dataplane.snapshot;

import java.util.Objects;

/** What every snapshot of this node shares: its region, account id and invoke domain. */
public record GatewayConfig(String region, String accountId, String domain) {
    public GatewayConfig {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(domain, "domain");
    }
}
