package io.turnpike.dataplane.integration.aws;

import io.turnpike.aws.sigv4.AwsCredentials;
import java.net.URI;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where AWS-service integrations send their calls and what they sign them with.
 *
 * <p>A service's endpoint is, in this order: its own entry in {@code serviceEndpoints} (for example
 * {@code s3 → http://127.0.0.1:9000}), else {@code defaultEndpoint} (one endpoint serving every service,
 * as LocalStack or moto do), else AWS's public endpoint {@code https://{service}.{region}.amazonaws.com}
 * (for S3 with a bucket subdomain, {@code https://{bucket}.s3.{region}.amazonaws.com}). On a configured
 * endpoint a subdomain is sent path-style instead ({@code /{bucket}/{key}}), which every S3-compatible
 * server accepts.
 *
 * <p>Credentials: AWS assumes the integration's {@code credentials} role; Turnpike cannot, and signs
 * with the credentials it was started with (environment or shared profile). Without any, service calls
 * fail with 500 and say why in the execution log.
 *
 * @param defaultEndpoint the endpoint for every service without its own, or null for AWS's
 * @param serviceEndpoints endpoints by service signing name ({@code s3}, {@code sqs}, {@code dynamodb}, ...)
 * @param credentials what calls are signed with; empty when none were found
 * @param clock the signing time
 */
public record AwsServices(
        URI defaultEndpoint, Map<String, URI> serviceEndpoints, Optional<AwsCredentials> credentials, Clock clock) {

    public AwsServices {
        serviceEndpoints = Map.copyOf(serviceEndpoints);
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(clock, "clock");
        if (defaultEndpoint != null) {
            check("defaultEndpoint", defaultEndpoint);
        }
        serviceEndpoints.forEach((s, u) -> check("serviceEndpoints." + s, u));
    }

    /** AWS's endpoints, no credentials: service calls fail until configured. */
    public static AwsServices none() {
        return new AwsServices(null, Map.of(), Optional.empty(), Clock.systemUTC());
    }

    /** Whether the call goes to an endpoint configured here (so subdomains are sent path-style). */
    boolean configured(String service) {
        return serviceEndpoints.containsKey(service) || defaultEndpoint != null;
    }

    /** The base URI of a service's endpoint (no trailing slash). */
    URI endpoint(String service, String region, String subdomain) {
        URI own = serviceEndpoints.get(service);
        if (own != null) {
            return own;
        }
        if (defaultEndpoint != null) {
            return defaultEndpoint;
        }
        String host = service.toLowerCase(Locale.ROOT) + "." + region + ".amazonaws.com";
        return URI.create("https://" + (subdomain == null ? "" : subdomain + ".") + host);
    }

    private static void check(String what, URI u) {
        if (u.getScheme() == null
                || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
                || u.getHost() == null) {
            throw new IllegalArgumentException(
                    what + ": " + u + " (expected: an http(s) URL such as http://127.0.0.1:4566)");
        }
    }
}
