package io.turnpike.dataplane.authorizer;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How this node runs authorizers.
 *
 * @param cognitoIssuerBase replaces {@code https://cognito-idp.{region}.amazonaws.com} in the issuer of
 *     Cognito user pools (so a self-hosted identity provider can stand in); null for Cognito itself
 * @param vpceHeader the request header a trusted proxy sets to the caller's VPC endpoint id ({@code
 *     aws:SourceVpce} in resource policies); null when no proxy sets one
 * @param vpcHeader the same for the caller's VPC id ({@code aws:SourceVpc}); null when none
 * @param timeout how long a Lambda authorizer may take before the request answers 500
 * @param jwksMinRefetch the least time between two JWKS refetches of one issuer for unknown key ids
 */
public record AuthorizerSettings(
        String cognitoIssuerBase, String vpceHeader, String vpcHeader, Duration timeout, Duration jwksMinRefetch) {

    /** AWS's Lambda authorizer limit (spec auth.md §3.1 names 10 s). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public static final Duration DEFAULT_JWKS_MIN_REFETCH = Duration.ofSeconds(10);

    public AuthorizerSettings {
        if (cognitoIssuerBase != null) {
            URI u;
            try {
                u = URI.create(cognitoIssuerBase);
            } catch (IllegalArgumentException e) {
                u = null;
            }
            if (u == null
                    || u.getHost() == null
                    || !(u.getScheme().equals("http") || u.getScheme().equals("https"))) {
                throw new IllegalArgumentException(
                        "cognitoIssuerBase: " + cognitoIssuerBase + " (expected: an http or https URL)");
            }
        }
        if (vpceHeader != null && vpceHeader.isBlank()) {
            throw new IllegalArgumentException("vpceHeader: '' (expected: a header name)");
        }
        if (vpcHeader != null && vpcHeader.isBlank()) {
            throw new IllegalArgumentException("vpcHeader: '' (expected: a header name)");
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout: " + timeout + " (expected: > 0)");
        }
        Objects.requireNonNull(jwksMinRefetch, "jwksMinRefetch");
    }

    /** Cognito issuers, no VPC headers, AWS's timeout. */
    public static AuthorizerSettings defaults() {
        return new AuthorizerSettings(null, null, null, DEFAULT_TIMEOUT, DEFAULT_JWKS_MIN_REFETCH);
    }
}
