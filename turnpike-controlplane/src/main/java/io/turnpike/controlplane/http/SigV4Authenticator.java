package io.turnpike.controlplane.http;

import io.turnpike.aws.AwsException;
import io.turnpike.aws.sigv4.CredentialLookup;
import io.turnpike.aws.sigv4.SigV4Verifier;
import io.turnpike.aws.sigv4.SignedRequest;
import io.turnpike.aws.sigv4.VerificationResult;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Admin authentication: every call must carry a valid SigV4 signature by a known access key, scoped to
 * this node's region and the {@code apigateway} (or, later, {@code lambda}) service, within 15 minutes
 * of the node's clock. Rejections are AWS's 403 answers.
 */
public final class SigV4Authenticator implements Authenticator {

    /** How far a request's signing time may be from this node's clock, as AWS allows for management calls. */
    public static final Duration ALLOWED_SKEW = Duration.ofMinutes(15);

    private final SigV4Verifier verifier;

    public SigV4Authenticator(SigV4Verifier verifier) {
        this.verifier = verifier;
    }

    /** An authenticator for a fixed set of access key → secret pairs. */
    public static SigV4Authenticator of(Map<String, String> keys, Clock clock, String region) {
        Map<String, String> copy = Map.copyOf(keys);
        CredentialLookup lookup = id -> Optional.ofNullable(copy.get(id));
        return new SigV4Authenticator(
                new SigV4Verifier(lookup, clock, region, Set.of("apigateway", "lambda"), ALLOWED_SKEW));
    }

    @Override
    public Optional<AwsException> reject(AdminRequest request) {
        VerificationResult result = verifier.verify(new SignedRequest(
                request.method(), request.rawPath(), request.rawQuery(), request.headers(), request.body()));
        if (result instanceof VerificationResult.Rejected r) {
            return Optional.of(AwsException.forbidden(r.errorType(), r.message()));
        }
        return Optional.empty();
    }
}
