/**
 * Tags on taggable resources, addressed by ARN ({@code arn:aws:apigateway:{region}::/restapis/{id}} and
 * {@code .../restapis/{id}/stages/{name}}). Tags live on the resource's own record, so the tags given to
 * CreateRestApi or CreateStage and the ones TagResource adds are the same map; {@link
 * io.turnpike.controlplane.tags.Tags} holds the limits every tagging path enforces.
 */
package io.turnpike.controlplane.tags;
