package io.turnpike.aws.sigv4;

import java.util.Optional;

/** Looks up the secret key for an access key id. */
@FunctionalInterface
public interface CredentialLookup {

    /**
     * The secret access key of {@code accessKeyId}, or empty if no such key exists or it may not be used.
     * Called at most once per verified request, after the request's scope has been checked, on the
     * caller's thread: an implementation that blocks must not be called from an event loop.
     */
    Optional<String> secretFor(String accessKeyId);
}
