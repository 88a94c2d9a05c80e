/**
 * Deployments: immutable snapshots of a REST API. CreateDeployment freezes the API as it is at that
 * instant (resources with their methods and integrations, models, request validators, gateway responses)
 * into a {@link io.turnpike.model.rest.DeploymentContent} that later edits of the API never touch; stages
 * point at deployments, and the data plane serves what the content says.
 */
package io.turnpike.controlplane.deployment;
