/**
 * The {@code AWS} and {@code AWS_PROXY} integrations' own parts: integration URIs ({@code
 * arn:aws:apigateway:...}), the Lambda proxy event (payload format 1.0) and the rules for the function's
 * answer, and where and how AWS-service calls are sent (endpoints, credentials, SigV4). The pipeline
 * steps that use them are in {@link io.turnpike.dataplane.integration.AwsIntegrations}.
 */
package io.turnpike.dataplane.integration.aws;
