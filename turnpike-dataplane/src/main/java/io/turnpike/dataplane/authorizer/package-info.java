/**
 * Authorization of REST API requests, AWS's "authorize" phase: Lambda authorizers ({@code TOKEN} and
 * {@code REQUEST}, with their result cache), Cognito user pool authorizers (JWT verification against the
 * pool's JWKS), and resource policies, evaluated together as AWS's combined-evaluation table says. The
 * phase runs first in {@link io.turnpike.dataplane.pipeline.RestPipeline}; what it establishes is left in
 * {@link io.turnpike.dataplane.pipeline.RequestIdentity#AUTHORIZER} for later steps.
 */
package io.turnpike.dataplane.authorizer;
