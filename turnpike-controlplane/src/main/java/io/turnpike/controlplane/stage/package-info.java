/**
 * Stages: the named, addressable versions of a REST API. A stage points at one deployment (and, with a
 * canary, at a second one that takes a share of the traffic) and carries the settings the data plane
 * applies per stage: variables, method settings (throttling, caching, logging, metrics), cache cluster,
 * access logging and tracing. {@link io.turnpike.controlplane.stage.Stages} holds the rules that
 * CreateDeployment shares when it creates or re-points a stage.
 */
package io.turnpike.controlplane.stage;
