package io.turnpike.controlplane.http;

import io.turnpike.aws.AwsException;
import java.util.Optional;

/** Decides whether an admin request may be served; a rejection is the AWS error to answer with. */
@FunctionalInterface
public interface Authenticator {
    Optional<AwsException> reject(AdminRequest request);
}
