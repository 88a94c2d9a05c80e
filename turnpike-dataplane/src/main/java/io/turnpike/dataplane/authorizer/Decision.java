package io.turnpike.dataplane.authorizer;

/** The result of evaluating an IAM-style policy for one action on one resource. */
public enum Decision {
    /** A statement allows it and none denies it. */
    ALLOW,
    /** No statement mentions it ("silent"). */
    IMPLICIT_DENY,
    /** A statement denies it; nothing overrides this. */
    EXPLICIT_DENY
}
