package io.turnpike.controlplane;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.turnpike.store.Store;
import java.time.Clock;
import java.util.Objects;

/**
 * What every family of management operations needs: the store, JSON, the clock, and the region and
 * account this node speaks for.
 */
public record AdminContext(Store store, ObjectMapper json, Clock clock, String region, String accountId) {
    public AdminContext {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(region, "region");
        if (accountId == null || !accountId.matches("[0-9]{12}")) {
            throw new IllegalArgumentException("accountId: " + accountId + " (expected: 12 digits)");
        }
    }

    /** Now, in the epoch seconds the v1 wire format uses for timestamps. */
    public long nowEpochSeconds() {
        return clock.instant().getEpochSecond();
    }
}
