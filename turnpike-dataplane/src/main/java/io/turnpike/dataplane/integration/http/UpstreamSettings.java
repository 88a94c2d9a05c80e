package io.turnpike.dataplane.integration.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How the upstream client connects and pools.
 *
 * @param connectTimeout how long a TCP connect (and, for https, the TLS handshake) may take before the
 *     attempt fails with {@link UpstreamException.Kind#CONNECT_FAILED}; the request's own timeout still
 *     bounds the whole exchange
 * @param idleTimeout how long a pooled connection may sit unused before it is closed. Keep it below the
 *     upstreams' keep-alive timeout, so that we close first and rarely send on a connection the upstream
 *     is closing at the same moment
 * @param maxConnectionsPerOrigin the most connections open at once to one origin (scheme, host, port),
 *     split evenly across the event loops (see {@link UpstreamClient})
 * @param maxResponseBytes the largest response body accepted; larger ones fail with {@link
 *     UpstreamException.Kind#RESPONSE_TOO_LARGE}
 */
public record UpstreamSettings(
        Duration connectTimeout, Duration idleTimeout, int maxConnectionsPerOrigin, int maxResponseBytes) {

    /** API Gateway's payload limit, which also bounds what an integration may answer with. */
    public static final int TEN_MEGABYTES = 10 * 1024 * 1024;

    public UpstreamSettings {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (connectTimeout.isNegative() || connectTimeout.isZero() || connectTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "connectTimeout: " + connectTimeout + " (expected: > 0 and <= " + Integer.MAX_VALUE + " ms)");
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout: " + idleTimeout + " (expected: > 0)");
        }
        if (maxConnectionsPerOrigin < 1) {
            throw new IllegalArgumentException(
                    "maxConnectionsPerOrigin: " + maxConnectionsPerOrigin + " (expected: >= 1)");
        }
        if (maxResponseBytes < 0) {
            throw new IllegalArgumentException("maxResponseBytes: " + maxResponseBytes + " (expected: >= 0)");
        }
    }

    /**
     * Connect in 10 s; close idle connections after 55 s, below the 60 s idle timeout of common upstreams
     * and load balancers (an AWS ALB's default, for one); 1,024 connections per origin; 10 MB responses.
     * Upstreams with shorter keep-alives (Node's 5 s) still work: an idempotent request that meets a
     * connection they closed is retried once on a fresh one.
     */
    public static UpstreamSettings defaults() {
        return new UpstreamSettings(Duration.ofSeconds(10), Duration.ofSeconds(55), 1024, TEN_MEGABYTES);
    }
}
