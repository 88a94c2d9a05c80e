package io.turnpike.aws.sigv4;

import java.util.Objects;

/** The answer of {@link SigV4Verifier#verify}: who signed the request, or why it is refused. */
public sealed interface VerificationResult {

    /** The signature is valid: the request was signed with the secret key of {@code accessKeyId}. */
    record Verified(String accessKeyId, String region, String service) implements VerificationResult {
        public Verified {
            Objects.requireNonNull(accessKeyId, "accessKeyId");
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(service, "service");
        }
    }

    /**
     * The request is refused. {@code errorType} and {@code message} are AWS's own (for example {@code
     * InvalidSignatureException}); AWS answers all of them with HTTP 403, the caller sends the type in
     * {@code x-amzn-ErrorType} and the message in the body. Neither names a secret or the signature the
     * verifier expected.
     */
    record Rejected(String errorType, String message) implements VerificationResult {
        public Rejected {
            Objects.requireNonNull(errorType, "errorType");
            Objects.requireNonNull(message, "message");
        }
    }
}
